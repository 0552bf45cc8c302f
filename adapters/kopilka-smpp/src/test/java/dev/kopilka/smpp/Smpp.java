package dev.kopilka.smpp;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.sms.SmsChannels;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** SMPP channels pointed at a {@link LocalSmsc}, built through the SMS front door. */
final class Smpp {

    private Smpp() {
    }

    static Map<String, String> keys(LocalSmsc smsc) {
        Map<String, String> m = new HashMap<>();
        m.put("kopilka.sms.provider", "smpp");
        m.put("kopilka.sms.sender", "SHOP");
        m.put("kopilka.sms.price-per-segment", "2.50");
        m.put("kopilka.smpp.host", "127.0.0.1");
        m.put("kopilka.smpp.port", Integer.toString(smsc.port()));
        m.put("kopilka.smpp.system-id", LocalSmsc.SYSTEM_ID);
        m.put("kopilka.smpp.password", LocalSmsc.PASSWORD);
        m.put("kopilka.smpp.transaction-timeout", "PT1S");
        m.put("kopilka.smpp.bind-timeout", "PT2S");
        m.put("kopilka.smpp.reconnect-delay", "PT0.2S");
        m.put("kopilka.smpp.enquire-link-interval", "PT5S");
        return m;
    }

    static SmppChannel open(Map<String, String> keys) {
        return (SmppChannel) SmsChannels.fromConfig(KopilkaConfig.fromMap(keys), Clock.systemUTC(), n -> null);
    }
}
