package dev.kopilka.sms.gateway;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.Gateways;
import dev.kopilka.sms.HttpSmsChannel;
import dev.kopilka.testkit.MessageChannelContract;
import dev.kopilka.testkit.sms.GatewayFake;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The channel contract for one HTTP gateway: its channel, opened through the front door, against its fake. */
abstract class GatewayChannelContract extends MessageChannelContract {

    private final GatewayFake fake;
    private final HttpSmsChannel channel;

    GatewayChannelContract(GatewayFake fake, String provider, Class<? extends HttpSmsChannel> type,
            Map<String, String> credentials) {
        this.fake = fake;
        Map<String, String> keys = Gateways.base(provider, fake.url());
        keys.putAll(credentials);
        this.channel = Gateways.open(keys, Clock.systemUTC(), type);
    }

    @AfterEach
    void stop() {
        channel.close();
        fake.close();
    }

    @Override
    protected MessageChannel channel() {
        return channel;
    }

    @Override
    protected ChannelFake fake() {
        return fake;
    }
}
