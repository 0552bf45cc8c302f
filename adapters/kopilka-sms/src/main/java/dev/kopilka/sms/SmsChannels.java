package dev.kopilka.sms;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.port.MessageChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * Front door of the SMS module: the channel of the gateway named by {@code kopilka.sms.provider}, its
 * configuration checked first with every problem reported at once.
 *
 * <pre>{@code
 * MessageChannel sms = SmsChannels.fromConfig(config, Clock.systemUTC());
 * }</pre>
 */
public final class SmsChannels {

    /** The shared keys, for unknown-key detection. */
    public static final Set<String> SHARED_KEYS = Set.of(SmsSettings.PROVIDER, SmsSettings.SENDER,
            SmsSettings.PRICE_PER_SEGMENT, SmsSettings.TRANSLITERATE, SmsSettings.TIMEOUT, SmsSettings.BASE_URL,
            SmsSettings.STATUS_POLL_INTERVAL, SmsSettings.STATUS_GIVE_UP_AFTER, SmsSettings.LOW_BALANCE,
            SmsSettings.TEST_MODE);

    private SmsChannels() {
    }

    public static MessageChannel fromConfig(KopilkaConfig config, Clock clock) {
        return fromConfig(config, clock, System::getenv);
    }

    /** With an explicit environment (tests, or credentials from a vault rather than the process). */
    public static MessageChannel fromConfig(KopilkaConfig config, Clock clock, Function<String, String> environment) {
        SmsSettings settings = SmsSettings.read(config, environment);
        List<SmsGatewayProvider> providers = providers();
        Set<String> known = new HashSet<>(SHARED_KEYS);
        known.addAll(dev.kopilka.sms.code.CodeRules.KEYS);
        dev.kopilka.sms.code.CodeRules.read(settings); // checked with the rest, used by ConfirmationCodes
        providers.forEach(p -> known.addAll(p.keys()));
        settings.rejectUnknownKeys(known);
        SmsGatewayProvider chosen = null;
        for (SmsGatewayProvider p : providers) {
            if (p.name().equals(settings.provider())) {
                chosen = p;
            }
        }
        if (chosen == null) {
            if (settings.provider() != null) {
                List<String> names = new ArrayList<>();
                providers.forEach(p -> names.add(p.name()));
                settings.problem(SmsSettings.PROVIDER, "must be one of " + names
                        + " (smpp needs kopilka-smpp on the classpath)", settings.provider());
            }
            settings.requireValid();
        }
        MessageChannel channel = chosen.open(settings, clock);
        try {
            settings.requireValid();
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    static List<SmsGatewayProvider> providers() {
        List<SmsGatewayProvider> all = new ArrayList<>();
        ServiceLoader.load(SmsGatewayProvider.class, SmsChannels.class.getClassLoader()).forEach(all::add);
        return all;
    }
}
