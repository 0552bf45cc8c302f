package dev.kopilka.sms;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.port.MessageChannel;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Channels pointed at the loopback fakes, built through the front door (ServiceLoader and validation). */
public final class Gateways {

    private Gateways() {
    }

    public static Map<String, String> base(String provider, java.net.URI url) {
        Map<String, String> m = new HashMap<>();
        m.put("kopilka.sms.provider", provider);
        m.put("kopilka.sms.base-url", url.toString());
        m.put("kopilka.sms.timeout", "PT2S");
        m.put("kopilka.sms.status-poll-interval", "none");
        return m;
    }

    public static <T extends MessageChannel> T open(Map<String, String> keys, Clock clock, Class<T> type) {
        return type.cast(SmsChannels.fromConfig(KopilkaConfig.fromMap(keys), clock, name -> null));
    }
}
