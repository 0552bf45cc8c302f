package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SendAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many customers register through the QR flow at once while a campaign goes out through the outbox channel on the
 * same connection (sharing the rate limit) and Telegram throws in two floods (429 with retry_after 2 s, which used to
 * drop whatever reply met them, and the 2 s pause which dropped every reply behind it once it exceeded the
 * channel's {@code rate.max-wait}): every customer still gets both answers and is registered.
 */
class TelegramBotLoadTest {

    private static final int CUSTOMERS = 40;
    private static final int CAMPAIGN = 150;
    private static final int CAMPAIGN_THREADS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void everyoneOfManyConcurrentQrRegistrationsIsAnswered() throws Exception {
        try (FakeTelegramBotApi fake = FakeTelegramBotApi.start()) {
            String[] overrides = {"kopilka.telegram.send-timeout", "PT10S", "kopilka.telegram.rate.max-wait", "PT0.5S"};
            TelegramSettings settings = TestSettings.settings(fake, overrides);
            try (Kopilka kopilka = Kopilka.builder(TestSettings.config(fake, overrides)).store(new InMemoryStore()).build();
                    TelegramConnection connection = TelegramConnection.open(settings);
                    TelegramBot bot = TelegramBot.builder(kopilka, connection).start()) {
                String payload = new StartPayloads(TestSettings.SECRET)
                        .payloadFor(new StartPayloads.Place("store-7", "till-2"));
                ExecutorService customers = Executors.newFixedThreadPool(CUSTOMERS + CAMPAIGN_THREADS);
                List<Future<?>> done = new ArrayList<>();
                TelegramChannel channel = TelegramChannel.on(connection);
                AtomicInteger campaign = new AtomicInteger();
                AtomicInteger floods = new AtomicInteger();
                for (int t = 0; t < CAMPAIGN_THREADS; t++) {
                    done.add(customers.submit(() -> {
                        for (int i; (i = campaign.getAndIncrement()) < CAMPAIGN;) {
                            int sent = fake.sendsReceived();
                            if ((sent > 40 && floods.compareAndSet(0, 1)) || (sent > 90 && floods.compareAndSet(1, 2))) {
                                fake.scriptSend(SendAnswer.tooManyRequests(2));
                            }
                            OutboundMessage m = new OutboundMessage("campaign-" + i, MemberId.of("old-" + i), 90_000L + i,
                                    null, "Акция " + i, MessagePurpose.MARKETING);
                            while (channel.send(m) instanceof SendResult.Retryable) {
                                Thread.sleep(50); // what the dispatcher does, in short
                            }
                        }
                        return null;
                    }));
                }
                for (int i = 0; i < CUSTOMERS; i++) {
                    long user = 5_000 + i;
                    String phone = String.format("7999555%04d", i);
                    done.add(customers.submit(() -> {
                        fake.userStarts(user, "Покупатель", payload);
                        await(fake, user, 1);
                        fake.userSendsContact(user, "Покупатель", phone, user);
                        await(fake, user, 2);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
                }
                customers.shutdown();
                for (int i = 0; i < CUSTOMERS; i++) {
                    assertThat(kopilka.members().find(kopilka.program(), MemberRef.telegramUser(5_000 + i)))
                            .isPresent();
                }
                assertThat(bot.failedUpdates()).isZero();
                assertThat(bot.failedReplies()).isZero();
                assertThat(floods.get()).isEqualTo(2);
                assertThat(fake.maxAcceptedInAnySecond()).isLessThanOrEqualTo(30);
            }
        }
    }

    private static void await(FakeTelegramBotApi fake, long chat, int replies) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.sentTo(chat).size() < replies) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("chat " + chat + " got " + fake.sentTo(chat).size() + " of " + replies
                        + " replies; the fake saw " + fake.sendsReceived() + " sends, " + fake.rateLimited().size()
                        + " refused with 429");
            }
            Thread.sleep(5);
        }
    }
}
