package dev.kopilka.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads one module's {@code kopilka.*} settings and collects every problem instead of stopping at the first: each
 * read gives back a value to go on with and records a {@link ConfigProblem} naming the key, the rule and the bad
 * value; {@link #throwIfAny()} then throws one {@link InvalidConfigurationException} listing them all. Shared by
 * the core's sections and every module (messaging, analytics, the JDBC store, Telegram, SMS), so they all read
 * values alike, suggest the closest known key for an unknown one ("did you mean"), and never echo a secret
 * ({@link ConfigProblem} hides the values of credential keys; an unknown key's value is never shown, as it may
 * be a mistyped credential).
 *
 * <pre>{@code
 * SettingsReader r = new SettingsReader(config);
 * int batch = r.integer("kopilka.example.batch-size", "100", 1, 10_000);
 * Duration lease = r.positiveDuration("kopilka.example.lease", "PT1M");
 * r.rejectUnknownKeys("kopilka.example.", List.of("kopilka.example.batch-size", "kopilka.example.lease"));
 * r.throwIfAny();
 * }</pre>
 *
 * <p>A value absent or blank is the default. Not thread-safe: one reader per reading.
 */
public final class SettingsReader {

    private final KopilkaConfig config;
    private final Function<String, String> environment;
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** A reader whose secrets may also come from {@link System#getenv(String)}. */
    public SettingsReader(KopilkaConfig config) {
        this(config, System::getenv);
    }

    /** A reader with an explicit environment for secrets (tests, secret managers). */
    public SettingsReader(KopilkaConfig config, Function<String, String> environment) {
        this.config = Objects.requireNonNull(config, "config");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public KopilkaConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------ values

    /** The value stripped of surrounding blanks, or {@code defaultValue} (may be null) when absent or blank. */
    public String text(String key, String defaultValue) {
        String value = config.get(key);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    /**
     * A credential: the property, else the environment variable {@code environmentVariable} (none when null or
     * blank); empty when neither is set. Never put the value into a problem yourself: name the key only.
     */
    public Optional<String> secret(String key, String environmentVariable) {
        String value = text(key, null);
        if (value == null && environmentVariable != null && !environmentVariable.isBlank()) {
            value = environment.apply(environmentVariable.strip());
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A whole number in {@code [min, max]}; on a problem, the default. */
    public int integer(String key, String defaultValue, int min, int max) {
        return (int) wholeNumber(key, defaultValue, min, max);
    }

    /** A whole number in {@code [min, max]}; on a problem, the default. */
    public long wholeNumber(String key, String defaultValue, long min, long max) {
        String value = text(key, defaultValue);
        long fallback = Long.parseLong(defaultValue);
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number", value);
            return fallback;
        }
        if (n < min || n > max) {
            problem(key, range(min, max), value);
            return fallback;
        }
        return n;
    }

    /** A decimal number in {@code [min, max]}; on a problem, the default. */
    public BigDecimal decimal(String key, String defaultValue, BigDecimal min, BigDecimal max) {
        String value = text(key, defaultValue);
        BigDecimal n;
        try {
            n = new BigDecimal(value);
        } catch (NumberFormatException e) {
            problem(key, "must be a number such as 2 or 1.5", value);
            return new BigDecimal(defaultValue);
        }
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            problem(key, "must be between " + min.toPlainString() + " and " + max.toPlainString(), value);
            return new BigDecimal(defaultValue);
        }
        return n;
    }

    /** {@code true} or {@code false} (any case); on a problem, the default. */
    public boolean bool(String key, String defaultValue) {
        String value = text(key, defaultValue).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            problem(key, "must be true or false", text(key, defaultValue));
            return Boolean.parseBoolean(defaultValue);
        }
        return value.equals("true");
    }

    /**
     * An ISO-8601 duration ({@code PT30S}, {@code PT1M}, {@code P1D}; any case) longer than zero; null when absent
     * without a default, and null (with a problem) when it is not one.
     */
    public Duration positiveDuration(String key, String defaultValue) {
        Duration d = parseDuration(key, defaultValue);
        if (d != null && (d.isNegative() || d.isZero())) {
            problem(key, "must be longer than zero", text(key, defaultValue));
            return null;
        }
        return d;
    }

    /**
     * A duration longer than zero, or empty for {@code noneWord} (any case); empty, with a problem naming both
     * forms, when it is neither.
     */
    public Optional<Duration> optionalPositiveDuration(String key, String defaultValue, String noneWord) {
        String value = text(key, defaultValue);
        if (value == null || value.equalsIgnoreCase(noneWord)) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(value.toUpperCase(Locale.ROOT));
            if (!d.isNegative() && !d.isZero()) {
                return Optional.of(d);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problem(key, "must be an ISO-8601 duration longer than zero such as "
                + (defaultValue == null || defaultValue.equalsIgnoreCase(noneWord) ? "PT5M" : defaultValue)
                + ", or " + noneWord, value);
        return Optional.empty();
    }

    /** An ISO-8601 duration in {@code [min, max]}; null (with a problem) when it is not one. */
    public Duration duration(String key, String defaultValue, Duration min, Duration max) {
        Duration d = parseDuration(key, defaultValue);
        if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
            problem(key, "must be between " + min + " and " + max, text(key, defaultValue));
            return null;
        }
        return d;
    }

    private Duration parseDuration(String key, String defaultValue) {
        String value = text(key, defaultValue);
        if (value == null) {
            return null;
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            problem(key, "must be an ISO-8601 duration such as " + (defaultValue == null ? "PT30S" : defaultValue),
                    value);
            return null;
        }
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return min == 0 ? "must not be negative" : "must be at least " + min;
        }
        return "must be between " + min + " and " + max;
    }

    // ------------------------------------------------------------------------------------------ problems

    /** Records a problem found by the module's own rules. */
    public void problem(String key, String rule, String value) {
        problems.add(new ConfigProblem(key, rule, value, null));
    }

    /** Records a problem as it is (with a suggestion, say). */
    public void problem(ConfigProblem problem) {
        problems.add(Objects.requireNonNull(problem, "problem"));
    }

    /**
     * Runs a whole section read elsewhere and keeps its problems with these: the section's value, or null when it
     * threw {@link InvalidConfigurationException}.
     */
    public <T> T section(Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Every key under {@code prefix} that is not {@code known}: "unknown key" with the closest known one. */
    public void rejectUnknownKeys(String prefix, Collection<String> known) {
        rejectUnknownKeys(prefix, known, key -> false);
    }

    /**
     * Every key under {@code prefix} that is neither {@code known} nor accepted by {@code alsoKnown} (pattern keys
     * such as {@code kopilka.telegram.texts.<key>}): "unknown key" with the closest known one as "did you mean".
     * The value is not shown: a mistyped credential key is not recognisable as a secret.
     */
    public void rejectUnknownKeys(String prefix, Collection<String> known, Predicate<String> alsoKnown) {
        for (String key : new TreeSet<>(config.keys())) {
            if (key.startsWith(prefix) && !known.contains(key) && !alsoKnown.test(key)) {
                problems.add(new ConfigProblem(key, "unknown key", null, Suggestions.closest(key, known)));
            }
        }
    }

    /** Every problem so far, in the order found. */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Throws one {@link InvalidConfigurationException} listing every problem, when there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(config.source(), problems);
        }
    }
}
