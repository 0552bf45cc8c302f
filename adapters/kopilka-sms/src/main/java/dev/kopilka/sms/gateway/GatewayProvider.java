package dev.kopilka.sms.gateway;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.SmsGatewayProvider;
import dev.kopilka.sms.SmsSettings;
import java.time.Clock;
import java.util.Set;
import java.util.function.BiFunction;

/** What every built-in gateway's {@code Provider} says: its name, its own keys and how to open its channel. */
abstract class GatewayProvider implements SmsGatewayProvider {

    private final String name;
    private final Set<String> keys;
    private final BiFunction<SmsSettings, Clock, MessageChannel> opener;

    GatewayProvider(String name, Set<String> keys, BiFunction<SmsSettings, Clock, MessageChannel> opener) {
        this.name = name;
        this.keys = keys;
        this.opener = opener;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> keys() {
        return keys;
    }

    @Override
    public final MessageChannel open(SmsSettings settings, Clock clock) {
        return opener.apply(settings, clock);
    }
}
