package dev.kopilka.demo.cli;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The demo's own keys ({@code kopilka.demo.*}, docs/configuration.md), validated at start with every problem
 * reported at once.
 */
public record DemoSettings(long smsKopecksPerSegment, java.time.Duration healthInterval) {

    public static final String PREFIX = "kopilka.demo.";
    /** What the SMS stand-in (simulate, replay, run without a gateway) charges per segment. */
    public static final String SMS_PRICE = PREFIX + "sms-price";
    public static final String DEFAULT_SMS_PRICE = "3.50";
    /** How often {@code run} logs its health line. */
    public static final String HEALTH_INTERVAL = PREFIX + "health-interval";
    public static final String DEFAULT_HEALTH_INTERVAL = "PT5M";
    private static final Set<String> KEYS = Set.of(SMS_PRICE, HEALTH_INTERVAL);

    public static DemoSettings from(KopilkaConfig config) {
        List<ConfigProblem> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(config.source(), problems);
        }
        return new DemoSettings(Money.kopecks(value(config, SMS_PRICE, DEFAULT_SMS_PRICE)),
                java.time.Duration.parse(value(config, HEALTH_INTERVAL, DEFAULT_HEALTH_INTERVAL)));
    }

    /** Every problem of the {@code kopilka.demo.*} keys, none when they are valid. */
    public static List<ConfigProblem> problems(KopilkaConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : config.keys()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                problems.add(new ConfigProblem(key, "is not a kopilka.demo key", config.get(key),
                        Suggestions.closest(key, KEYS, Integer.MAX_VALUE)));
            }
        }
        String price = value(config, SMS_PRICE, DEFAULT_SMS_PRICE);
        try {
            long kopecks = Money.kopecks(price);
            if (kopecks < 0) {
                problems.add(new ConfigProblem(SMS_PRICE, "must not be negative", price, "e.g. 3.50"));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            problems.add(new ConfigProblem(SMS_PRICE, "must be roubles with at most two decimals", price, "e.g. 3.50"));
        }
        String interval = value(config, HEALTH_INTERVAL, DEFAULT_HEALTH_INTERVAL);
        try {
            java.time.Duration health = java.time.Duration.parse(interval);
            if (health.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
                problems.add(new ConfigProblem(HEALTH_INTERVAL, "must be at least PT1S", interval, "e.g. PT5M"));
            }
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(new ConfigProblem(HEALTH_INTERVAL, "must be an ISO-8601 duration", interval, "e.g. PT5M"));
        }
        return problems;
    }

    private static String value(KopilkaConfig config, String key, String fallback) {
        String v = config.get(key);
        return v == null || v.isBlank() ? fallback : v.strip();
    }
}
