package dev.kopilka.sms.gateway;

import dev.kopilka.testkit.sms.FakeSmsAero;
import java.util.Map;

class SmsAeroChannelContractTest extends GatewayChannelContract {

    SmsAeroChannelContractTest() {
        super(FakeSmsAero.start(), "smsaero", SmsAeroChannel.class,
                Map.of(SmsAeroChannel.EMAIL, FakeSmsAero.EMAIL, SmsAeroChannel.API_KEY, FakeSmsAero.API_KEY));
    }
}
