package dev.kopilka.sms;

import dev.kopilka.messaging.port.MessageChannel;
import java.time.Clock;
import java.util.Set;

/**
 * A gateway found through {@link java.util.ServiceLoader} by {@code kopilka.sms.provider}. {@link #open} reads
 * the gateway's own keys through {@code settings} (which collects their problems with the shared ones); the
 * caller throws once with all of them.
 */
public interface SmsGatewayProvider {

    /** The value of {@code kopilka.sms.provider} that selects this gateway. */
    String name();

    /** The gateway's own keys (besides the shared {@code kopilka.sms.*} ones in {@link SmsSettings}). */
    Set<String> keys();

    MessageChannel open(SmsSettings settings, Clock clock);
}
