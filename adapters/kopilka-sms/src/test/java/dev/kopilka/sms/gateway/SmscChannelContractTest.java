package dev.kopilka.sms.gateway;

import dev.kopilka.testkit.sms.FakeSmsc;
import java.util.Map;

class SmscChannelContractTest extends GatewayChannelContract {

    SmscChannelContractTest() {
        super(FakeSmsc.start(), "smsc", SmscChannel.class,
                Map.of(SmscChannel.LOGIN, FakeSmsc.LOGIN, SmscChannel.PASSWORD, FakeSmsc.PASSWORD));
    }
}
