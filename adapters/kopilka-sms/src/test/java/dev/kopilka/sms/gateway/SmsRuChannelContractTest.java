package dev.kopilka.sms.gateway;

import dev.kopilka.testkit.sms.FakeSmsRu;
import java.util.Map;

class SmsRuChannelContractTest extends GatewayChannelContract {

    SmsRuChannelContractTest() {
        super(FakeSmsRu.start(), "smsru", SmsRuChannel.class, Map.of(SmsRuChannel.API_ID, FakeSmsRu.API_ID));
    }
}
