package dev.kopilka.telegram;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.testkit.MessageChannelContract;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class TelegramChannelContractTest extends MessageChannelContract {

    private final FakeTelegramBotApi fake = FakeTelegramBotApi.start().slowAnswer(Duration.ofSeconds(2));
    // the contract sends to one chat again and again: Telegram's one-per-second rule is the fake's and the
    // limiter's business elsewhere, here it would only slow the kit down
    private final TelegramChannel channel = TelegramChannel.create(TestSettings.settings(fake,
            "kopilka.telegram.rate.per-chat-interval", "PT0.001S",
            // below the fake's 2 s slow answer, but not so short that a cold first request on a loaded machine
            // times out (it did at PT0.5S with a load average of 12 on 2 cores)
            "kopilka.telegram.send-timeout", "PT1.5S"));

    @Override
    protected MessageChannel channel() {
        return channel;
    }

    @Override
    protected ChannelFake fake() {
        fake.limits(FakeTelegramBotApi.DEFAULT_MESSAGES_PER_SECOND, Duration.ofMillis(1));
        return fake;
    }

    @AfterEach
    void close() {
        channel.close();
        fake.close();
    }
}
