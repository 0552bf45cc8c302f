package dev.kopilka.sms.gateway;

import dev.kopilka.testkit.sms.FakeTwilio;
import java.util.Map;

class TwilioChannelContractTest extends GatewayChannelContract {

    TwilioChannelContractTest() {
        super(FakeTwilio.start(), "twilio", TwilioChannel.class, Map.of(TwilioChannel.ACCOUNT_SID,
                FakeTwilio.ACCOUNT_SID, TwilioChannel.AUTH_TOKEN, FakeTwilio.AUTH_TOKEN, TwilioChannel.FROM,
                "+15017122661"));
    }
}
