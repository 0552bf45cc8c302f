package dev.kopilka.sms;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.config.SettingsReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The {@code kopilka.sms.*} keys every gateway shares, read and checked at once: {@link #read} collects every
 * problem (and the gateway's own keys add theirs) before anything is thrown. Values are read by the core's shared
 * {@link SettingsReader}, so they follow the same rules, suggestions and secret masking as every other module.
 *
 * <p>Credentials come from the property or, when it is absent, from the environment variable named after it
 * ({@code kopilka.sms.smsru.api-id} → {@code KOPILKA_SMS_SMSRU_API_ID}); they are held as {@link Secret}s.
 */
public final class SmsSettings {

    public static final String PREFIX = "kopilka.sms.";
    public static final String PROVIDER = "kopilka.sms.provider";
    public static final String SENDER = "kopilka.sms.sender";
    public static final String PRICE_PER_SEGMENT = "kopilka.sms.price-per-segment";
    public static final String TRANSLITERATE = "kopilka.sms.transliterate";
    public static final String TIMEOUT = "kopilka.sms.timeout";
    public static final String BASE_URL = "kopilka.sms.base-url";
    public static final String STATUS_POLL_INTERVAL = "kopilka.sms.status-poll-interval";
    public static final String STATUS_GIVE_UP_AFTER = "kopilka.sms.status-give-up-after";
    public static final String LOW_BALANCE = "kopilka.sms.low-balance";
    public static final String TEST_MODE = "kopilka.sms.test-mode";

    public static final String DEFAULT_TIMEOUT = "PT10S";
    public static final String DEFAULT_STATUS_POLL_INTERVAL = "PT5M";
    public static final String DEFAULT_STATUS_GIVE_UP_AFTER = "PT72H";
    public static final String NONE = "none";

    private final SettingsReader reader;

    private final String provider;
    private final String sender;
    private final OptionalLong pricePerSegmentKopecks;
    private final boolean transliterate;
    private final Duration timeout;
    private final Optional<Duration> statusPollInterval;
    private final Duration statusGiveUpAfter;
    private final OptionalLong lowBalanceKopecks;
    private final boolean testMode;
    private final int defaultCountryCode;

    private SmsSettings(KopilkaConfig config, Function<String, String> environment) {
        this.reader = new SettingsReader(config, environment);
        this.provider = text(PROVIDER, null);
        if (provider == null) {
            problem(PROVIDER, "is required: smsru, smsc, smsaero, twilio or smpp", null);
        }
        String s = text(SENDER, null);
        if (s != null && !s.matches("[A-Za-z0-9 ._-]{1,11}|\\+?[0-9]{3,15}")) {
            problem(SENDER, "an alphanumeric sender is 1-11 of A-Z, a-z, 0-9, space, '.', '_', '-' (or a phone"
                    + " number)", s);
        }
        this.sender = s;
        this.pricePerSegmentKopecks = rubles(PRICE_PER_SEGMENT);
        this.transliterate = bool(TRANSLITERATE, false);
        this.timeout = duration(TIMEOUT, DEFAULT_TIMEOUT, false).orElse(Duration.ofSeconds(10));
        this.statusPollInterval = duration(STATUS_POLL_INTERVAL, DEFAULT_STATUS_POLL_INTERVAL, true);
        this.statusGiveUpAfter = duration(STATUS_GIVE_UP_AFTER, DEFAULT_STATUS_GIVE_UP_AFTER, false)
                .orElse(Duration.ofHours(72));
        this.lowBalanceKopecks = rubles(LOW_BALANCE);
        this.testMode = bool(TEST_MODE, false);
        int country = 7;
        try {
            country = config.defaultCountryCode();
        } catch (InvalidConfigurationException e) {
            // reported by the core's own validation
        }
        this.defaultCountryCode = country;
    }

    /** Reads the shared keys; problems are collected, see {@link #problems()} and {@link #requireValid()}. */
    public static SmsSettings read(KopilkaConfig config) {
        return read(config, System::getenv);
    }

    public static SmsSettings read(KopilkaConfig config, Function<String, String> environment) {
        return new SmsSettings(config, environment);
    }

    public KopilkaConfig config() {
        return reader.config();
    }

    public String provider() {
        return provider;
    }

    /** The sender name (alpha name registered with the gateway), null for the gateway's default. */
    public String sender() {
        return sender;
    }

    /** The configured price of one segment, when the gateway does not tell (or tells only later). */
    public OptionalLong pricePerSegmentKopecks() {
        return pricePerSegmentKopecks;
    }

    public boolean transliterate() {
        return transliterate;
    }

    public Duration timeout() {
        return timeout;
    }

    /** How often accepted messages' statuses are polled; empty when polling is off (callbacks only). */
    public Optional<Duration> statusPollInterval() {
        return statusPollInterval;
    }

    public Duration statusGiveUpAfter() {
        return statusGiveUpAfter;
    }

    public OptionalLong lowBalanceKopecks() {
        return lowBalanceKopecks;
    }

    public boolean testMode() {
        return testMode;
    }

    public int defaultCountryCode() {
        return defaultCountryCode;
    }

    /** The base URL: {@code kopilka.sms.base-url} or the gateway's own. */
    public URI baseUrl(String gatewayDefault) {
        String raw = text(BASE_URL, gatewayDefault);
        try {
            URI uri = URI.create(raw.endsWith("/") ? raw : raw + "/");
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problem(BASE_URL, "must be an http(s) URL such as " + gatewayDefault, raw);
            return URI.create(gatewayDefault);
        }
    }

    /** A required credential from the property or its environment variable; a problem when both are absent. */
    public Secret secret(String key) {
        return optionalSecret(key).orElseGet(() -> {
            problem(key, "is required (or set the environment variable " + environmentName(key) + ")", null);
            return Secret.of("");
        });
    }

    /** An optional credential. */
    public Optional<Secret> optionalSecret(String key) {
        return reader.secret(key, environmentName(key)).map(Secret::of);
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A plain value or its default (null when neither). */
    public String text(String key, String defaultValue) {
        return reader.text(key, defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return reader.bool(key, Boolean.toString(defaultValue));
    }

    /** An amount in RUB (at most two decimals) as kopecks; empty when absent or {@code none}. */
    public OptionalLong rubles(String key) {
        String value = text(key, NONE);
        if (value.equals(NONE)) {
            return OptionalLong.empty();
        }
        try {
            BigDecimal rub = new BigDecimal(value);
            if (rub.signum() < 0 || rub.scale() > 2) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(rub.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            problem(key, "must be an amount in RUB with at most two decimals, or none", value);
            return OptionalLong.empty();
        }
    }

    /** A positive decimal (an exchange rate); empty when absent or {@code none}. */
    public Optional<BigDecimal> decimal(String key) {
        String value = text(key, NONE);
        if (value.equals(NONE)) {
            return Optional.empty();
        }
        try {
            BigDecimal d = new BigDecimal(value);
            if (d.signum() <= 0) {
                throw new NumberFormatException();
            }
            return Optional.of(d);
        } catch (NumberFormatException e) {
            problem(key, "must be a positive decimal, or none", value);
            return Optional.empty();
        }
    }

    /** A positive ISO-8601 duration (a module's own key); a problem, and the default, when it is not one. */
    public Duration duration(String key, String defaultValue) {
        return duration(key, defaultValue, false).orElseThrow();
    }

    /** An integer in {@code [min, max]}; a problem, and the default, when it is not one. */
    public int integer(String key, int defaultValue, int min, int max) {
        return reader.integer(key, Integer.toString(defaultValue), min, max);
    }

    private Optional<Duration> duration(String key, String defaultValue, boolean noneAllowed) {
        if (noneAllowed) {
            int before = reader.problems().size();
            Optional<Duration> d = reader.optionalPositiveDuration(key, defaultValue, NONE);
            return reader.problems().size() > before ? Optional.of(Duration.parse(defaultValue)) : d;
        }
        Duration d = reader.positiveDuration(key, defaultValue);
        return Optional.of(d != null ? d : Duration.parse(defaultValue));
    }

    /** Adds a gateway's own problem. */
    public void problem(String key, String rule, String value) {
        reader.problem(key, rule, value);
    }

    /** Every problem found so far (shared keys and whatever the gateway read). */
    public List<ConfigProblem> problems() {
        return reader.problems();
    }

    /** Unknown {@code kopilka.sms.*} keys among {@code known}. */
    public void rejectUnknownKeys(java.util.Collection<String> known) {
        rejectUnknownKeys(PREFIX, known);
    }

    /** Unknown keys under {@code prefix} (a module's own, such as {@code kopilka.smpp.}). */
    public void rejectUnknownKeys(String prefix, java.util.Collection<String> known) {
        // no value shown: a mistyped credential key ("pasword") must not put the credential into the message
        reader.rejectUnknownKeys(prefix, known);
    }

    public void requireValid() {
        reader.throwIfAny();
    }
}
