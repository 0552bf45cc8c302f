package dev.kopilka.sms.gateway;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.MessageChannelContract;
import dev.kopilka.testkit.sms.FakeSmsAero;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

class SmsAeroChannelContractTest extends MessageChannelContract {

    final FakeSmsAero fake = FakeSmsAero.start();
    final SmsAeroChannel channel;

    SmsAeroChannelContractTest() {
        Map<String, String> keys = Gateways.base("smsaero", fake.url());
        keys.put(SmsAeroChannel.EMAIL, FakeSmsAero.EMAIL);
        keys.put(SmsAeroChannel.API_KEY, FakeSmsAero.API_KEY);
        channel = Gateways.open(keys, Clock.systemUTC(), SmsAeroChannel.class);
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
