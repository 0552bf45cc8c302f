package dev.kopilka.messaging;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.config.SettingsReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code kopilka.messaging.*} settings, parsed and checked together: {@link #from} reports every problem at
 * once. Defaults are named here once and listed in {@code docs/configuration.md}.
 *
 * @param cascade            channels in the order tried for each message
 * @param ratePerSecond      sends per second allowed per channel, shared by every instance of the program
 * @param perChatInterval    the shortest gap between two Telegram messages to one chat
 * @param resendUnknown      whether a marketing message whose send may have happened is sent again (a possible
 *                           duplicate) instead of ending {@code UNKNOWN}
 * @param resendUnknownTransactional the same for transactional messages
 */
public record MessagingSettings(List<Channel> cascade, int batchSize, Duration lease, int maxAttempts,
        Duration backoffInitial, Duration backoffMax, BigDecimal backoffMultiplier, boolean resendUnknown,
        boolean resendUnknownTransactional, Map<Channel, Integer> ratePerSecond, Duration perChatInterval,
        Duration dispatchInterval, boolean autostart) {

    public static final String PREFIX = "kopilka.messaging.";
    public static final String CASCADE = PREFIX + "cascade";
    public static final String BATCH_SIZE = PREFIX + "batch-size";
    public static final String LEASE = PREFIX + "lease";
    public static final String MAX_ATTEMPTS = PREFIX + "max-attempts";
    public static final String BACKOFF_INITIAL = PREFIX + "backoff.initial";
    public static final String BACKOFF_MAX = PREFIX + "backoff.max";
    public static final String BACKOFF_MULTIPLIER = PREFIX + "backoff.multiplier";
    public static final String RESEND_UNKNOWN = PREFIX + "resend-unknown";
    public static final String RESEND_UNKNOWN_TRANSACTIONAL = PREFIX + "resend-unknown.transactional";
    public static final String RATE_TELEGRAM = PREFIX + "rate.telegram";
    public static final String RATE_SMS = PREFIX + "rate.sms";
    public static final String RATE_LOG = PREFIX + "rate.log";
    public static final String PER_CHAT_INTERVAL = PREFIX + "rate.telegram.per-chat-interval";
    public static final String DISPATCH_INTERVAL = PREFIX + "dispatch-interval";
    public static final String AUTOSTART = PREFIX + "autostart";

    public static final String DEFAULT_CASCADE = "telegram,sms";
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Long enough for a batch at the slowest rate, short enough that a crashed instance's claims come back soon. */
    public static final String DEFAULT_LEASE = "PT1M";
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final String DEFAULT_BACKOFF_INITIAL = "PT30S";
    public static final String DEFAULT_BACKOFF_MAX = "PT1H";
    public static final String DEFAULT_BACKOFF_MULTIPLIER = "2";
    /** At-most-once for marketing in the ambiguous window: a duplicate advert annoys more than a lost one. */
    public static final boolean DEFAULT_RESEND_UNKNOWN = false;
    /** A lost confirmation hurts more than a duplicate one. */
    public static final boolean DEFAULT_RESEND_UNKNOWN_TRANSACTIONAL = true;
    /** Telegram Bot API: about 30 messages per second overall for a bot on the free tier. */
    public static final int DEFAULT_RATE_TELEGRAM = 30;
    public static final int DEFAULT_RATE_SMS = 30;
    public static final int DEFAULT_RATE_LOG = 1000;
    /** Telegram Bot API: about one message per second to one chat. */
    public static final String DEFAULT_PER_CHAT_INTERVAL = "PT1S";
    public static final String DEFAULT_DISPATCH_INTERVAL = "PT1S";
    public static final boolean DEFAULT_AUTOSTART = true;

    /**
     * Slots of a channel are spaced so that {@code rate} of them span {@code 1 s} plus this: a send that starts a
     * little late (scheduling, GC, network) still cannot crowd {@code rate + 1} sends into one second.
     */
    public static final Duration RATE_SLACK = Duration.ofMillis(50);

    /** Every key with its default, in documentation order. */
    public static final Map<String, String> DEFAULTS = defaults();

    public MessagingSettings {
        cascade = List.copyOf(cascade);
        ratePerSecond = Collections.unmodifiableMap(new EnumMap<>(ratePerSecond));
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put(CASCADE, DEFAULT_CASCADE);
        d.put(BATCH_SIZE, String.valueOf(DEFAULT_BATCH_SIZE));
        d.put(LEASE, DEFAULT_LEASE);
        d.put(MAX_ATTEMPTS, String.valueOf(DEFAULT_MAX_ATTEMPTS));
        d.put(BACKOFF_INITIAL, DEFAULT_BACKOFF_INITIAL);
        d.put(BACKOFF_MAX, DEFAULT_BACKOFF_MAX);
        d.put(BACKOFF_MULTIPLIER, DEFAULT_BACKOFF_MULTIPLIER);
        d.put(RESEND_UNKNOWN, String.valueOf(DEFAULT_RESEND_UNKNOWN));
        d.put(RESEND_UNKNOWN_TRANSACTIONAL, String.valueOf(DEFAULT_RESEND_UNKNOWN_TRANSACTIONAL));
        d.put(RATE_TELEGRAM, String.valueOf(DEFAULT_RATE_TELEGRAM));
        d.put(PER_CHAT_INTERVAL, DEFAULT_PER_CHAT_INTERVAL);
        d.put(RATE_SMS, String.valueOf(DEFAULT_RATE_SMS));
        d.put(RATE_LOG, String.valueOf(DEFAULT_RATE_LOG));
        d.put(DISPATCH_INTERVAL, DEFAULT_DISPATCH_INTERVAL);
        d.put(AUTOSTART, String.valueOf(DEFAULT_AUTOSTART));
        return Collections.unmodifiableMap(d);
    }

    /** Every setting at its default. */
    public static MessagingSettings defaultSettings() {
        return from(KopilkaConfig.defaults());
    }

    /** Parses {@code kopilka.messaging.*}; throws {@link InvalidConfigurationException} listing every problem. */
    public static MessagingSettings from(KopilkaConfig config) {
        SettingsReader r = new SettingsReader(config);
        List<Channel> cascade = cascade(r);
        int batch = r.integer(BATCH_SIZE, DEFAULTS.get(BATCH_SIZE), 1, 10_000);
        Duration lease = r.positiveDuration(LEASE, DEFAULTS.get(LEASE));
        int maxAttempts = r.integer(MAX_ATTEMPTS, DEFAULTS.get(MAX_ATTEMPTS), 1, 1_000);
        Duration initial = r.positiveDuration(BACKOFF_INITIAL, DEFAULTS.get(BACKOFF_INITIAL));
        Duration max = r.positiveDuration(BACKOFF_MAX, DEFAULTS.get(BACKOFF_MAX));
        BigDecimal multiplier = r.decimal(BACKOFF_MULTIPLIER, DEFAULTS.get(BACKOFF_MULTIPLIER), BigDecimal.ONE,
                BigDecimal.TEN);
        boolean resend = r.bool(RESEND_UNKNOWN, DEFAULTS.get(RESEND_UNKNOWN));
        boolean resendTx = r.bool(RESEND_UNKNOWN_TRANSACTIONAL, DEFAULTS.get(RESEND_UNKNOWN_TRANSACTIONAL));
        Map<Channel, Integer> rates = new EnumMap<>(Channel.class);
        rates.put(Channel.TELEGRAM, r.integer(RATE_TELEGRAM, DEFAULTS.get(RATE_TELEGRAM), 1, 100_000));
        rates.put(Channel.SMS, r.integer(RATE_SMS, DEFAULTS.get(RATE_SMS), 1, 100_000));
        rates.put(Channel.LOG, r.integer(RATE_LOG, DEFAULTS.get(RATE_LOG), 1, 1_000_000));
        Duration perChat = r.positiveDuration(PER_CHAT_INTERVAL, DEFAULTS.get(PER_CHAT_INTERVAL));
        Duration interval = r.positiveDuration(DISPATCH_INTERVAL, DEFAULTS.get(DISPATCH_INTERVAL));
        boolean autostart = r.bool(AUTOSTART, DEFAULTS.get(AUTOSTART));
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            r.problem(BACKOFF_MAX, "must not be shorter than " + BACKOFF_INITIAL + " (" + initial + ")",
                    config.get(BACKOFF_MAX));
        }
        if (lease != null && lease.compareTo(Duration.ofSeconds(5)) < 0) {
            r.problem(LEASE, "must be at least PT5S (a send must fit in it)", config.get(LEASE));
        }
        if (lease != null && interval != null && interval.compareTo(lease) >= 0) {
            r.problem(DISPATCH_INTERVAL, "must be shorter than " + LEASE + " (" + lease + ")",
                    config.get(DISPATCH_INTERVAL));
        }
        r.rejectUnknownKeys(PREFIX, DEFAULTS.keySet());
        r.throwIfAny();
        return new MessagingSettings(cascade, batch, lease, maxAttempts, initial, max, multiplier, resend, resendTx,
                rates, perChat, interval, autostart);
    }

    private static List<Channel> cascade(SettingsReader r) {
        String value = r.text(CASCADE, DEFAULT_CASCADE);
        Set<Channel> channels = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                if (!channels.add(Channel.valueOf(name))) {
                    r.problem(CASCADE, "names " + name.toLowerCase(Locale.ROOT) + " twice", value);
                }
            } catch (IllegalArgumentException e) {
                r.problem(CASCADE, "must be a comma-separated list of telegram, sms, log", value);
                return List.of();
            }
        }
        return List.copyOf(channels);
    }

    /** The wait before attempt {@code attempts + 1} after {@code attempts} failed ones: exponential, capped. */
    public Duration backoff(int attempts) {
        BigDecimal factor = backoffMultiplier.pow(Math.max(0, Math.min(attempts - 1, 60)));
        BigDecimal millis = new BigDecimal(backoffInitial.toMillis()).multiply(factor);
        if (millis.compareTo(new BigDecimal(backoffMax.toMillis())) >= 0) {
            return backoffMax;
        }
        return Duration.ofMillis(millis.longValue());
    }

    /**
     * The spacing of sends on a channel that keeps every one-second window at or under its rate:
     * {@code (1 s + RATE_SLACK) / rate}, rounded up (30/s → 35 ms, so about 28.6 sends a second).
     */
    public Duration sendInterval(Channel channel) {
        long span = Duration.ofSeconds(1).plus(RATE_SLACK).toNanos();
        int rate = ratePerSecond.get(channel);
        return Duration.ofNanos(span / rate + (span % rate == 0 ? 0 : 1));
    }

    /** Whether a send that may have happened is tried again for a message of this purpose. */
    public boolean resendsUnknown(MessagePurpose purpose) {
        return purpose == MessagePurpose.MARKETING ? resendUnknown : resendUnknownTransactional;
    }
}
