package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SendAnswer;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SentMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every update gets its reply: a reply that Telegram refused for the moment (429 with retry_after, a 5xx) or that
 * the shared rate limit held back longer than the outbox channel's {@code rate.max-wait} (a flood pause, a campaign
 * burst) is sent once it may be — only a reply that may already have arrived, or that Telegram refuses for good, ends
 * as a counted, logged failure. An update whose handling fails is answered with the {@code error} text.
 */
class TelegramBotRepliesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long ANNA = 1001;

    private final FakeTelegramBotApi fake = FakeTelegramBotApi.start();
    private Kopilka kopilka;
    private TelegramConnection connection;
    private TelegramBot bot;
    private final String payload = new StartPayloads(TestSettings.SECRET)
            .payloadFor(new StartPayloads.Place("store-7", "till-2"));

    private void start(String... overrides) {
        kopilka = Kopilka.builder(TestSettings.config(fake, overrides)).store(new InMemoryStore()).build();
        connection = TelegramConnection.open(TestSettings.settings(fake, overrides));
        bot = TelegramBot.builder(kopilka, connection).start();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
            connection.close();
            kopilka.close();
        }
        fake.close();
    }

    private SentMessage reply(long chat, int index) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<SentMessage> sent = fake.sentTo(chat);
            if (sent.size() > index) {
                return sent.get(index);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no reply #" + (index + 1) + " to chat " + chat + " (failed replies: "
                + bot.failedReplies() + "); sent: " + fake.sent());
    }

    @Test
    void aReplyRefusedWithFloodWaitOrAServerErrorIsSentOnceItMayBe() {
        start();
        fake.scriptSend(SendAnswer.tooManyRequests(1), SendAnswer.serverError(502));
        fake.userStarts(ANNA, "Анна", payload);
        assertThat(reply(ANNA, 0).text()).contains("поделитесь номером");
        assertThat(fake.rateLimited()).hasSize(1);
        assertThat(fake.sent()).hasSize(1);
        assertThat(bot.failedReplies()).isZero();
    }

    @Test
    void aReplyWaitsOutARateLimitPauseLongerThanTheChannelsMaxWait() {
        start("kopilka.telegram.rate.max-wait", "PT0.2S");
        connection.limiter().pause(Duration.ofMillis(1500));
        long before = System.nanoTime();
        fake.userStarts(ANNA, "Анна", payload);
        assertThat(reply(ANNA, 0).text()).contains("поделитесь номером");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(bot.failedReplies()).isZero();
    }

    @Test
    void aReplyThatMayHaveArrivedIsNotRepeatedButCountedAsFailed() {
        start();
        fake.scriptSend(SendAnswer.garbled());
        fake.userStarts(ANNA, "Анна", payload);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bot.failedReplies() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(bot.failedReplies()).isEqualTo(1);
        fake.userSendsText(ANNA, "Анна", "/start");
        assertThat(reply(ANNA, 0).text()).contains("поделитесь номером");
        assertThat(fake.sendsReceived()).isEqualTo(2);
    }

    @Test
    void anUpdateWhoseHandlingFailsIsAnsweredWithTheErrorText() {
        start();
        // a contact without a phone number makes the handler throw
        fake.queueRawUpdate("{\"message\":{\"message_id\":99,\"date\":1700000000,"
                + "\"chat\":{\"id\":" + ANNA + ",\"type\":\"private\"},"
                + "\"from\":{\"id\":" + ANNA + ",\"is_bot\":false,\"first_name\":\"Анна\"},"
                + "\"contact\":{\"first_name\":\"Анна\",\"user_id\":" + ANNA + "}}}");
        assertThat(reply(ANNA, 0).text()).isEqualTo("Что-то пошло не так. Попробуйте, пожалуйста, позже.");
        assertThat(bot.failedUpdates()).isEqualTo(1);
    }
}
