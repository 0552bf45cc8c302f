package dev.kopilka.sms.gateway;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.MessageChannelContract;
import dev.kopilka.testkit.sms.FakeSmsRu;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

class SmsRuChannelContractTest extends MessageChannelContract {

    final FakeSmsRu fake = FakeSmsRu.start();
    final SmsRuChannel channel;

    SmsRuChannelContractTest() {
        Map<String, String> keys = Gateways.base("smsru", fake.url());
        keys.put(SmsRuChannel.API_ID, FakeSmsRu.API_ID);
        channel = Gateways.open(keys, Clock.systemUTC(), SmsRuChannel.class);
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
