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
            "kopilka.telegram.rate.per-chat-interval", "PT0.001S"));

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
