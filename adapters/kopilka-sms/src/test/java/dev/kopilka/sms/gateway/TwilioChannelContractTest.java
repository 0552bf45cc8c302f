package dev.kopilka.sms.gateway;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.MessageChannelContract;
import dev.kopilka.testkit.sms.FakeTwilio;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

class TwilioChannelContractTest extends MessageChannelContract {

    final FakeTwilio fake = FakeTwilio.start();
    final TwilioChannel channel;

    TwilioChannelContractTest() {
        Map<String, String> keys = Gateways.base("twilio", fake.url());
        keys.put(TwilioChannel.ACCOUNT_SID, FakeTwilio.ACCOUNT_SID);
        keys.put(TwilioChannel.AUTH_TOKEN, FakeTwilio.AUTH_TOKEN);
        keys.put(TwilioChannel.FROM, "+15017122661");
        channel = Gateways.open(keys, Clock.systemUTC(), TwilioChannel.class);
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
