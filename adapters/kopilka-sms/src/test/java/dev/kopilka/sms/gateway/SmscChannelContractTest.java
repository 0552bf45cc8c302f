package dev.kopilka.sms.gateway;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.MessageChannelContract;
import dev.kopilka.testkit.sms.FakeSmsc;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

class SmscChannelContractTest extends MessageChannelContract {

    final FakeSmsc fake = FakeSmsc.start();
    final SmscChannel channel;

    SmscChannelContractTest() {
        Map<String, String> keys = Gateways.base("smsc", fake.url());
        keys.put(SmscChannel.LOGIN, FakeSmsc.LOGIN);
        keys.put(SmscChannel.PASSWORD, FakeSmsc.PASSWORD);
        channel = Gateways.open(keys, Clock.systemUTC(), SmscChannel.class);
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
