package dev.kopilka.config;

import dev.kopilka.ProgramId;
import dev.kopilka.checkout.ExpiredLotReturnPolicy;
import dev.kopilka.checkout.OverspentReturnPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kopilka's configuration: an interface over {@link #get(String)} whose default methods parse each key and
 * apply its default (named once in {@link ConfigKeys}). Back it with a properties file, a map, or
 * anything with a lookup:
 *
 * <pre>{@code
 * KopilkaConfig config = KopilkaConfig.load(Path.of("loyalty.properties")).requireValid();
 * }</pre>
 *
 * <p>{@link #validate()} checks every key and reports every problem at once; an unknown {@code kopilka.*}
 * key is a problem with a "did you mean" suggestion. Keys outside {@code kopilka.*} are ignored, so the file
 * can be shared with other libraries. An accessor called on an invalid value throws
 * {@link InvalidConfigurationException} for that key — nobody silently gets a default for a typo.
 */
@FunctionalInterface
public interface KopilkaConfig {

    /** The raw value of a key, or null when it is absent. */
    String get(String key);

    /** Every key present, when the source can list them (needed to find unknown keys and tiers). */
    default Set<String> keys() {
        return Set.of();
    }

    /** Where the configuration came from, for messages. */
    default String source() {
        return "configuration";
    }

    // ------------------------------------------------------------------------------------------ factories

    static KopilkaConfig fromMap(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return fromLookup(copy::get, copy.keySet(), "configuration map");
    }

    static KopilkaConfig fromProperties(Properties properties) {
        return fromProperties(properties, "properties");
    }

    private static KopilkaConfig fromProperties(Properties properties, String source) {
        Map<String, String> values = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return fromLookup(values::get, Set.copyOf(values.keySet()), source);
    }

    /** Reads a UTF-8 {@code .properties} file. */
    static KopilkaConfig load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(file.toString(), List.of(new ConfigProblem(file.toString(),
                    "cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage(), null, null)));
        }
        return fromProperties(properties, file.toString());
    }

    /** Reads a UTF-8 {@code .properties} resource from the classpath. */
    static KopilkaConfig loadFromClasspath(String resource) {
        Properties properties = new Properties();
        try (InputStream in = KopilkaConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("not found on the classpath");
            }
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidConfigurationException(resource, List.of(new ConfigProblem(resource,
                    "cannot be read: " + e.getMessage(), null, null)));
        }
        return fromProperties(properties, "classpath:" + resource);
    }

    /** Every key at its default. */
    static KopilkaConfig defaults() {
        return fromMap(Map.of());
    }

    private static KopilkaConfig fromLookup(java.util.function.Function<String, String> lookup, Set<String> keys,
            String source) {
        return new KopilkaConfig() {
            @Override
            public String get(String key) {
                return lookup.apply(key);
            }

            @Override
            public Set<String> keys() {
                return keys;
            }

            @Override
            public String source() {
                return source;
            }

            @Override
            public String toString() {
                return "KopilkaConfig[" + source + "]";
            }
        };
    }

    // ------------------------------------------------------------------------------------------ accessors

    default ProgramId programId() {
        String value = Values.raw(this, ConfigKeys.PROGRAM_ID, ConfigKeys.DEFAULT_PROGRAM_ID);
        try {
            return ProgramId.of(value);
        } catch (RuntimeException e) {
            throw Values.problem(ConfigKeys.PROGRAM_ID, "must be 1-64 characters without control characters", value);
        }
    }

    default ZoneId zone() {
        return Values.zone(ConfigKeys.PROGRAM_ZONE, Values.raw(this, ConfigKeys.PROGRAM_ZONE, ConfigKeys.DEFAULT_ZONE));
    }

    /** {@code auto}, {@code memory} or a store provider's name such as {@code jdbc}. */
    default String storeName() {
        String value = Values.raw(this, ConfigKeys.STORE, ConfigKeys.DEFAULT_STORE);
        if (!value.matches("[a-z][a-z0-9-]{0,31}")) {
            throw Values.problem(ConfigKeys.STORE, "must be auto, memory or a store name such as jdbc", value);
        }
        return value;
    }

    default long pointValueKopecks() {
        return Values.rubles(ConfigKeys.POINT_VALUE, Values.raw(this, ConfigKeys.POINT_VALUE,
                ConfigKeys.DEFAULT_POINT_VALUE), false);
    }

    default BigDecimal earningRatePercent() {
        return Values.percent(ConfigKeys.EARNING_RATE, Values.raw(this, ConfigKeys.EARNING_RATE,
                ConfigKeys.DEFAULT_EARNING_RATE));
    }

    default TemporalAmount earningDelay() {
        return Values.amount(ConfigKeys.EARNING_DELAY, Values.raw(this, ConfigKeys.EARNING_DELAY,
                ConfigKeys.DEFAULT_EARNING_DELAY), true);
    }

    default Optional<TemporalAmount> earningValidity() {
        return Values.optionalAmount(ConfigKeys.EARNING_VALIDITY, Values.raw(this, ConfigKeys.EARNING_VALIDITY,
                ConfigKeys.NONE), ConfigKeys.NONE);
    }

    default Optional<TemporalAmount> inactivityExpiry() {
        return Values.optionalAmount(ConfigKeys.INACTIVITY_EXPIRY, Values.raw(this, ConfigKeys.INACTIVITY_EXPIRY,
                ConfigKeys.NONE), ConfigKeys.NONE);
    }

    default Optional<TemporalAmount> grantDefaultValidity() {
        return Values.optionalAmount(ConfigKeys.GRANT_VALIDITY, Values.raw(this, ConfigKeys.GRANT_VALIDITY,
                ConfigKeys.NONE), ConfigKeys.NONE);
    }

    default BigDecimal redemptionMaxPercent() {
        return Values.percent(ConfigKeys.REDEMPTION_MAX_PERCENT, Values.raw(this, ConfigKeys.REDEMPTION_MAX_PERCENT,
                ConfigKeys.DEFAULT_REDEMPTION_MAX_PERCENT));
    }

    default Optional<TemporalAmount> tierSpendWindow() {
        return Values.optionalAmount(ConfigKeys.TIER_SPEND_WINDOW, Values.raw(this, ConfigKeys.TIER_SPEND_WINDOW,
                ConfigKeys.LIFETIME), ConfigKeys.LIFETIME);
    }

    default TemporalAmount tierReviewPeriod() {
        return Values.amount(ConfigKeys.TIER_REVIEW_PERIOD, Values.raw(this, ConfigKeys.TIER_REVIEW_PERIOD,
                ConfigKeys.DEFAULT_TIER_REVIEW_PERIOD), false);
    }

    /**
     * The tiers, lowest first. Without tier keys: one tier "base" from 0 at {@link #earningRatePercent()}.
     */
    default List<TierSpec> tiers() {
        List<ConfigProblem> problems = new ArrayList<>();
        List<TierSpec> tiers = Tiers.parse(this, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(source(), problems);
        }
        return tiers;
    }

    default Duration holdTtl() {
        return Values.duration(ConfigKeys.HOLD_TTL, Values.raw(this, ConfigKeys.HOLD_TTL, ConfigKeys.DEFAULT_HOLD_TTL));
    }

    /** Redeeming more points than this needs a one-time code; 0 turns the confirmation off. */
    default int redemptionConfirmationAbovePoints() {
        return Values.integer(ConfigKeys.CONFIRM_ABOVE, Values.raw(this, ConfigKeys.CONFIRM_ABOVE,
                ConfigKeys.DEFAULT_CONFIRM_ABOVE), 0, Integer.MAX_VALUE);
    }

    default Duration redemptionConfirmationTtl() {
        return Values.duration(ConfigKeys.CONFIRM_TTL, Values.raw(this, ConfigKeys.CONFIRM_TTL,
                ConfigKeys.DEFAULT_CONFIRM_TTL));
    }

    default int redemptionConfirmationMaxAttempts() {
        return Values.integer(ConfigKeys.CONFIRM_ATTEMPTS, Values.raw(this, ConfigKeys.CONFIRM_ATTEMPTS,
                ConfigKeys.DEFAULT_CONFIRM_ATTEMPTS), 1, 10);
    }

    /** Receipts of committed purchases kept in memory for retries; 0 keeps none. */
    default int replayCacheSize() {
        return Values.integer(ConfigKeys.REPLAY_CACHE_SIZE, Values.raw(this, ConfigKeys.REPLAY_CACHE_SIZE,
                ConfigKeys.DEFAULT_REPLAY_CACHE_SIZE), 0, 10_000_000);
    }

    default OverspentReturnPolicy overspentReturnPolicy() {
        return Values.choice(ConfigKeys.OVERSPENT_POLICY, Values.raw(this, ConfigKeys.OVERSPENT_POLICY,
                ConfigKeys.DEFAULT_OVERSPENT_POLICY), OverspentReturnPolicy.class, "negative", "cap");
    }

    default ExpiredLotReturnPolicy expiredLotReturnPolicy() {
        return Values.choice(ConfigKeys.EXPIRED_LOT_POLICY, Values.raw(this, ConfigKeys.EXPIRED_LOT_POLICY,
                ConfigKeys.DEFAULT_EXPIRED_LOT_POLICY), ExpiredLotReturnPolicy.class, "regrant", "expire");
    }

    default TemporalAmount regrantValidity() {
        return Values.amount(ConfigKeys.REGRANT_VALIDITY, Values.raw(this, ConfigKeys.REGRANT_VALIDITY,
                ConfigKeys.DEFAULT_REGRANT_VALIDITY), false);
    }

    default int promoCodeLength() {
        return Values.integer(ConfigKeys.PROMO_CODE_LENGTH, Values.raw(this, ConfigKeys.PROMO_CODE_LENGTH,
                ConfigKeys.DEFAULT_PROMO_CODE_LENGTH), 4, 32);
    }

    default String promoCodePrefix() {
        String value = Values.raw(this, ConfigKeys.PROMO_CODE_PREFIX, ConfigKeys.DEFAULT_PROMO_CODE_PREFIX);
        if (!value.matches("[A-Z0-9-]{0,16}")) {
            throw Values.problem(ConfigKeys.PROMO_CODE_PREFIX, "must be up to 16 of A-Z, 0-9 and -", value);
        }
        return value;
    }

    default int defaultCountryCode() {
        return Values.integer(ConfigKeys.DEFAULT_COUNTRY_CODE, Values.raw(this, ConfigKeys.DEFAULT_COUNTRY_CODE,
                ConfigKeys.DEFAULT_COUNTRY), 1, 999);
    }

    // ------------------------------------------------------------------------------------------ validation

    /** Every problem of this configuration; empty when it is valid. */
    default List<ConfigProblem> validate() {
        List<ConfigProblem> problems = new ArrayList<>();
        List<Supplier<?>> accessors = List.of(this::programId, this::zone, this::storeName, this::pointValueKopecks,
                this::earningRatePercent, this::earningDelay, this::earningValidity, this::inactivityExpiry,
                this::grantDefaultValidity, this::redemptionMaxPercent, this::tierSpendWindow, this::tierReviewPeriod,
                this::holdTtl, this::redemptionConfirmationAbovePoints, this::redemptionConfirmationTtl,
                this::redemptionConfirmationMaxAttempts, this::replayCacheSize, this::overspentReturnPolicy, this::expiredLotReturnPolicy, this::regrantValidity,
                this::promoCodeLength, this::promoCodePrefix, this::defaultCountryCode);
        for (Supplier<?> accessor : accessors) {
            try {
                accessor.get();
            } catch (InvalidConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        Tiers.parse(this, problems);
        for (String key : new TreeSet<>(keys())) {
            if (key.startsWith("kopilka.") && !ConfigKeys.isKnown(key) && !isExtensionKey(key)) {
                problems.add(new ConfigProblem(key, "unknown key", get(key), closestKey(key)));
            }
        }
        return problems;
    }

    /**
     * Keys owned by modules outside the core (each validates its own): {@code kopilka.jdbc.*},
     * {@code kopilka.telegram.*}, {@code kopilka.sms.*}, {@code kopilka.smpp.*}, {@code kopilka.campaigns.*},
     * {@code kopilka.messaging.*}, {@code kopilka.segments.*}, {@code kopilka.analytics.*}, {@code kopilka.demo.*}.
     */
    static boolean isExtensionKey(String key) {
        return Pattern.matches("kopilka\\.(jdbc|telegram|sms|smpp|campaigns|messaging|segments|analytics|demo|store)\\..*",
                key);
    }

    /** Throws {@link InvalidConfigurationException} listing every problem; returns this when valid. */
    default KopilkaConfig requireValid() {
        List<ConfigProblem> problems = validate();
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(source(), problems);
        }
        return this;
    }

    /** Every core key with its effective value, for one line in the startup log. */
    default Map<String, String> effective() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.all()) {
            if (!key.isPattern()) {
                String value = get(key.key());
                values.put(key.key(), value == null ? key.defaultValue() : value.strip());
            }
        }
        for (TierSpec tier : tiers()) {
            values.put("kopilka.tiers." + tier.name(), tier.spendFromKopecks() / 100 + " RUB -> " + tier.ratePercent() + "%");
        }
        return values;
    }

    private String closestKey(String unknown) {
        List<String> candidates = new ArrayList<>();
        for (ConfigKey key : ConfigKeys.all()) {
            candidates.add(key.isPattern() ? key.key().replace("<name>", tierNameOf(unknown)) : key.key());
        }
        return Suggestions.closest(unknown, candidates);
    }

    private static String tierNameOf(String key) {
        Matcher m = Pattern.compile("kopilka\\.tiers\\.([^.]+)\\..*").matcher(key);
        return m.matches() ? m.group(1) : "<name>";
    }

    /** Parsing and validating the tier keys. */
    final class Tiers {

        private static final Pattern TIER_KEY = Pattern.compile("kopilka\\.tiers\\.([^.]+)\\.(spend-from|rate)");
        private static final Pattern TIER_NAME = Pattern.compile("[a-z0-9-]{1,32}");

        private Tiers() {
        }

        static List<TierSpec> parse(KopilkaConfig config, List<ConfigProblem> problems) {
            Map<String, Map<String, String>> byName = new TreeMap<>();
            for (String key : config.keys()) {
                Matcher m = TIER_KEY.matcher(key);
                if (m.matches()) {
                    byName.computeIfAbsent(m.group(1), n -> new HashMap<>()).put(m.group(2), config.get(key).strip());
                }
            }
            if (byName.isEmpty()) {
                try {
                    return List.of(new TierSpec("base", 0, config.earningRatePercent()));
                } catch (InvalidConfigurationException e) {
                    return List.of(); // reported by the earning rate's own check
                }
            }
            List<TierSpec> tiers = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> tier : byName.entrySet()) {
                String name = tier.getKey();
                String prefix = "kopilka.tiers." + name + ".";
                if (!TIER_NAME.matcher(name).matches()) {
                    problems.add(new ConfigProblem(prefix + "*", "tier names are 1-32 of a-z, 0-9 and -", name, null));
                    continue;
                }
                String from = tier.getValue().get("spend-from");
                String rate = tier.getValue().get("rate");
                if (from == null || rate == null) {
                    problems.add(new ConfigProblem(prefix + (from == null ? "spend-from" : "rate"),
                            "is required for tier " + name, null, null));
                    continue;
                }
                try {
                    tiers.add(new TierSpec(name, Values.rubles(prefix + "spend-from", from, true),
                            Values.percent(prefix + "rate", rate)));
                } catch (InvalidConfigurationException e) {
                    problems.addAll(e.problems());
                }
            }
            tiers.sort(Comparator.comparingLong(TierSpec::spendFromKopecks));
            if (!tiers.isEmpty() && tiers.get(0).spendFromKopecks() != 0) {
                problems.add(new ConfigProblem("kopilka.tiers." + tiers.get(0).name() + ".spend-from",
                        "the lowest tier must start at 0", String.valueOf(tiers.get(0).spendFromKopecks() / 100.0), null));
            }
            for (int i = 1; i < tiers.size(); i++) {
                TierSpec lower = tiers.get(i - 1);
                TierSpec higher = tiers.get(i);
                if (lower.spendFromKopecks() == higher.spendFromKopecks()) {
                    problems.add(new ConfigProblem("kopilka.tiers." + higher.name() + ".spend-from",
                            "two tiers cannot start at the same spend (also " + lower.name() + ")",
                            String.valueOf(higher.spendFromKopecks() / 100), null));
                } else if (higher.ratePercent().compareTo(lower.ratePercent()) < 0) {
                    problems.add(new ConfigProblem("kopilka.tiers." + higher.name() + ".rate",
                            "must not be lower than the rate of " + lower.name() + " (" + lower.ratePercent() + ")",
                            higher.ratePercent().toPlainString(), null));
                }
            }
            return tiers;
        }
    }
}
