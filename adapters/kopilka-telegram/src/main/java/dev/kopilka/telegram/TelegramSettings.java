package dev.kopilka.telegram;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.config.SettingsReader;
import dev.kopilka.config.Suggestions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code kopilka.telegram.*} configuration, parsed and validated at once: {@link #from} reports every
 * problem in one {@link InvalidConfigurationException}. The bot token and the QR secret are read from the
 * environment (variables named by {@code token-env} / {@code qr.secret-env}) unless set as properties, and
 * never appear in {@link #toString()} or a log line.
 */
public final class TelegramSettings {

    public static final String PREFIX = "kopilka.telegram.";

    public static final String TOKEN = PREFIX + "token";
    public static final String TOKEN_ENV = PREFIX + "token-env";
    public static final String BASE_URL = PREFIX + "base-url";
    public static final String BOT_USERNAME = PREFIX + "bot-username";
    public static final String LANGUAGE = PREFIX + "language";
    public static final String PROGRAM_NAME = PREFIX + "program-name";
    public static final String SEND_TIMEOUT = PREFIX + "send-timeout";
    public static final String RATE_PER_SECOND = PREFIX + "rate.per-second";
    public static final String RATE_PER_CHAT_INTERVAL = PREFIX + "rate.per-chat-interval";
    public static final String RATE_MAX_WAIT = PREFIX + "rate.max-wait";
    public static final String PAID_BROADCAST = PREFIX + "paid-broadcast";
    public static final String PAID_BROADCAST_PER_SECOND = PREFIX + "rate.paid-broadcast-per-second";
    public static final String POLLING_TIMEOUT = PREFIX + "polling.timeout";
    public static final String POLLING_QUIET_RESTART = PREFIX + "polling.restart-when-quiet";
    public static final String POLLING_BACKOFF_MAX = PREFIX + "polling.backoff-max";
    public static final String QR_SECRET = PREFIX + "qr.secret";
    public static final String QR_SECRET_ENV = PREFIX + "qr.secret-env";
    public static final String QR_SIZE = PREFIX + "qr.size";
    public static final String START_TTL = PREFIX + "registration.start-ttl";
    public static final String HISTORY_SIZE = PREFIX + "history.size";
    public static final String TEXTS = PREFIX + "texts.";

    /** Every key with its default, in documentation order (texts are listed in docs/telegram.md). */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(TOKEN, "");
        d.put(TOKEN_ENV, "KOPILKA_TELEGRAM_TOKEN");
        d.put(BASE_URL, "https://api.telegram.org");
        d.put(BOT_USERNAME, "");
        d.put(LANGUAGE, "ru");
        d.put(PROGRAM_NAME, "");
        d.put(SEND_TIMEOUT, "PT10S");
        d.put(RATE_PER_SECOND, "30");
        d.put(RATE_PER_CHAT_INTERVAL, "PT1S");
        d.put(RATE_MAX_WAIT, "PT10S");
        d.put(PAID_BROADCAST, "false");
        d.put(PAID_BROADCAST_PER_SECOND, "1000");
        d.put(POLLING_TIMEOUT, "PT50S");
        d.put(POLLING_QUIET_RESTART, "PT3M");
        d.put(POLLING_BACKOFF_MAX, "PT30S");
        d.put(QR_SECRET, "");
        d.put(QR_SECRET_ENV, "KOPILKA_TELEGRAM_QR_SECRET");
        d.put(QR_SIZE, "600");
        d.put(START_TTL, "PT1H");
        d.put(HISTORY_SIZE, "10");
        DEFAULTS = Map.copyOf(d);
    }

    private static final Pattern TOKEN_SHAPE = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{1,100}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,31}");
    private static final int MIN_SECRET_LENGTH = 32;

    private final String token;
    private final URI baseUrl;
    private final String botUsername;
    private final Locale language;
    private final String programName;
    private final Duration sendTimeout;
    private final int perSecond;
    private final Duration perChatInterval;
    private final Duration maxWait;
    private final boolean paidBroadcast;
    private final int paidBroadcastPerSecond;
    private final Duration pollingTimeout;
    private final Duration restartWhenQuiet;
    private final Duration backoffMax;
    private final String qrSecret;
    private final int qrSize;
    private final Duration startTtl;
    private final int historySize;
    private final Map<String, String> textOverrides;

    private TelegramSettings(KopilkaConfig config, SettingsReader r) {
        Readings p = new Readings(r);
        String tokenEnv = p.text(TOKEN_ENV);
        String tokenValue = p.secret(TOKEN, tokenEnv);
        if (tokenValue == null) {
            p.problem(TOKEN, "is required: set it or the environment variable " + tokenEnv, null);
        } else if (!TOKEN_SHAPE.matcher(tokenValue).matches()) {
            // never echo the token: it is a credential
            p.problem(TOKEN, "must look like <digits>:<letters, digits, _ and -> as BotFather gives it", "<hidden>");
        }
        this.token = tokenValue;
        this.baseUrl = p.url(BASE_URL);
        String username = p.text(BOT_USERNAME);
        if (username.startsWith("@")) {
            username = username.substring(1);
        }
        if (!USERNAME.matcher(username).matches() || !username.toLowerCase(Locale.ROOT).endsWith("bot")) {
            p.problem(BOT_USERNAME, "must be the bot's username from BotFather (5-32 letters, digits, _; ends with"
                    + " 'bot'), used in the registration links", username);
        }
        this.botUsername = username;
        String lang = p.text(LANGUAGE).toLowerCase(Locale.ROOT);
        if (!lang.equals("ru") && !lang.equals("en")) {
            p.problem(LANGUAGE, "must be ru or en", lang);
        }
        this.language = Locale.forLanguageTag(lang);
        String name = p.text(PROGRAM_NAME);
        this.programName = name.isEmpty() ? config.programId().toString() : name;
        this.sendTimeout = p.duration(SEND_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(2));
        this.perSecond = p.integer(RATE_PER_SECOND, 1, 30);
        this.perChatInterval = p.duration(RATE_PER_CHAT_INTERVAL, Duration.ofMillis(1), Duration.ofMinutes(1));
        this.maxWait = p.duration(RATE_MAX_WAIT, Duration.ZERO, Duration.ofMinutes(5));
        this.paidBroadcast = p.bool(PAID_BROADCAST);
        this.paidBroadcastPerSecond = p.integer(PAID_BROADCAST_PER_SECOND, 1, 1000);
        this.pollingTimeout = p.duration(POLLING_TIMEOUT, Duration.ZERO, Duration.ofSeconds(50));
        this.restartWhenQuiet = p.duration(POLLING_QUIET_RESTART, Duration.ofSeconds(1), Duration.ofHours(1));
        if (restartWhenQuiet != null && pollingTimeout != null && restartWhenQuiet.compareTo(pollingTimeout) <= 0) {
            p.problem(POLLING_QUIET_RESTART, "must be longer than " + POLLING_TIMEOUT + " (" + pollingTimeout
                    + "): an idle long poll is not a dead one", restartWhenQuiet.toString());
        }
        this.backoffMax = p.duration(POLLING_BACKOFF_MAX, Duration.ofMillis(100), Duration.ofMinutes(10));
        String secretEnv = p.text(QR_SECRET_ENV);
        String secret = p.secret(QR_SECRET, secretEnv);
        if (secret == null) {
            p.problem(QR_SECRET, "is required (signs the store in registration QR codes): set it or the environment"
                    + " variable " + secretEnv, null);
        } else if (secret.length() < MIN_SECRET_LENGTH) {
            p.problem(QR_SECRET, "must be at least " + MIN_SECRET_LENGTH + " characters", "<hidden, "
                    + secret.length() + " characters>");
        }
        this.qrSecret = secret;
        this.qrSize = p.integer(QR_SIZE, 100, 4000);
        this.startTtl = p.duration(START_TTL, Duration.ofMinutes(1), Duration.ofDays(7));
        this.historySize = p.integer(HISTORY_SIZE, 1, 50);
        this.textOverrides = p.texts();
        p.unknownKeys();
    }

    /**
     * Reads and validates {@code kopilka.telegram.*}; secrets not set as properties come from
     * {@link System#getenv(String)}.
     */
    public static TelegramSettings from(KopilkaConfig config) {
        return from(config, System::getenv);
    }

    /** As {@link #from(KopilkaConfig)} with an explicit environment (tests, secret managers). */
    public static TelegramSettings from(KopilkaConfig config, Function<String, String> environment) {
        SettingsReader reader = new SettingsReader(config, environment);
        TelegramSettings settings = new TelegramSettings(config, reader);
        reader.throwIfAny();
        return settings;
    }

    /** The bot token: a credential, hand it only to the HTTP client. */
    String token() {
        return token;
    }

    String qrSecret() {
        return qrSecret;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public String botUsername() {
        return botUsername;
    }

    public Locale language() {
        return language;
    }

    /** The program's name as customers know it (the greeting says it). */
    public String programName() {
        return programName;
    }

    public Duration sendTimeout() {
        return sendTimeout;
    }

    public int perSecond() {
        return perSecond;
    }

    public Duration perChatInterval() {
        return perChatInterval;
    }

    public Duration maxWait() {
        return maxWait;
    }

    public boolean paidBroadcast() {
        return paidBroadcast;
    }

    public int paidBroadcastPerSecond() {
        return paidBroadcastPerSecond;
    }

    public Duration pollingTimeout() {
        return pollingTimeout;
    }

    public Duration restartWhenQuiet() {
        return restartWhenQuiet;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public int qrSize() {
        return qrSize;
    }

    public Duration startTtl() {
        return startTtl;
    }

    public int historySize() {
        return historySize;
    }

    Map<String, String> textOverrides() {
        return textOverrides;
    }

    @Override
    public String toString() {
        return "TelegramSettings[baseUrl=" + baseUrl + ", bot=@" + botUsername + ", language=" + language
                + ", perSecond=" + perSecond + ", perChat=" + perChatInterval + ", paidBroadcast=" + paidBroadcast
                + ", token=<hidden>]";
    }

    /** This module's value rules over the shared {@link SettingsReader} (defaults from {@link #DEFAULTS}). */
    private static final class Readings {
        private final SettingsReader r;

        Readings(SettingsReader r) {
            this.r = r;
        }

        void problem(String key, String rule, String value) {
            r.problem(key, rule, value);
        }

        String text(String key) {
            return r.text(key, DEFAULTS.get(key));
        }

        String secret(String key, String envName) {
            return r.secret(key, envName).orElse(null);
        }

        URI url(String key) {
            String v = text(key);
            try {
                URI uri = URI.create(v);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                        || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                    problem(key, "must be http(s)://host[:port] without a path (TelegramBots cannot add a path)", v);
                    return null;
                }
                return uri;
            } catch (IllegalArgumentException e) {
                problem(key, "must be a URL such as https://api.telegram.org", v);
                return null;
            }
        }

        Duration duration(String key, Duration min, Duration max) {
            return r.duration(key, DEFAULTS.get(key), min, max);
        }

        int integer(String key, int min, int max) {
            return r.integer(key, DEFAULTS.get(key), min, max);
        }

        boolean bool(String key) {
            return r.bool(key, DEFAULTS.get(key));
        }

        Map<String, String> texts() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String key : new TreeSet<>(r.config().keys())) {
                if (key.startsWith(TEXTS)) {
                    String name = key.substring(TEXTS.length());
                    String value = r.config().get(key);
                    if (!BotTexts.KEYS.contains(name)) {
                        String closest = Suggestions.closest(name, BotTexts.KEYS);
                        r.problem(new ConfigProblem(key, "unknown text; known: " + String.join(", ", BotTexts.KEYS),
                                value, closest == null ? null : TEXTS + closest));
                    } else if (value == null || value.isBlank()) {
                        problem(key, "must not be empty", value);
                    } else {
                        out.put(name, value);
                    }
                }
            }
            return out;
        }

        void unknownKeys() {
            r.rejectUnknownKeys(PREFIX, DEFAULTS.keySet(), key -> key.startsWith(TEXTS));
        }
    }
}
