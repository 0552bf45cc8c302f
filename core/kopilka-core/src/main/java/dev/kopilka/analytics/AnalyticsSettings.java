package dev.kopilka.analytics;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code kopilka.analytics.*} keys, validated together at start (every problem reported at once).
 *
 * @param grossMarginPercent     the retailer's gross margin, applied to incremental revenue for incremental ROI
 * @param smsPriceKopecks        what one SMS costs, for the SMS spend Telegram avoided
 * @param defaultWindow          attribution window of a campaign without reward validity
 * @param campaignWindows        per campaign overrides of the attribution window
 * @param confidenceLevel        0.90, 0.95 or 0.99
 * @param telegramRegistrationWindow a member who linked Telegram this soon after joining registered through the bot
 */
public record AnalyticsSettings(BigDecimal grossMarginPercent, long smsPriceKopecks, Duration defaultWindow,
        Map<String, Duration> campaignWindows, double confidenceLevel, Duration telegramRegistrationWindow) {

    public static final String PREFIX = "kopilka.analytics.";
    public static final String GROSS_MARGIN_PERCENT = PREFIX + "gross-margin-percent";
    public static final String SMS_PRICE_KOPECKS = PREFIX + "sms-price-kopecks";
    public static final String ATTRIBUTION_WINDOW = PREFIX + "attribution-window";
    /** Followed by a campaign id: {@code kopilka.analytics.attribution-window.reactivation=P10D}. */
    public static final String CAMPAIGN_WINDOW_PREFIX = ATTRIBUTION_WINDOW + ".";
    public static final String CONFIDENCE_LEVEL = PREFIX + "confidence-level";
    public static final String TELEGRAM_REGISTRATION_WINDOW = PREFIX + "telegram-registration-window";

    public static final String DEFAULT_GROSS_MARGIN_PERCENT = "30";
    public static final String DEFAULT_SMS_PRICE_KOPECKS = "350";
    public static final String DEFAULT_ATTRIBUTION_WINDOW = "P30D";
    public static final String DEFAULT_CONFIDENCE_LEVEL = "0.95";
    public static final String DEFAULT_TELEGRAM_REGISTRATION_WINDOW = "PT10M";

    /** Every fixed key (the per-campaign windows come on top). */
    public static final List<String> KEYS = List.of(GROSS_MARGIN_PERCENT, SMS_PRICE_KOPECKS, ATTRIBUTION_WINDOW,
            CONFIDENCE_LEVEL, TELEGRAM_REGISTRATION_WINDOW);

    public AnalyticsSettings {
        campaignWindows = Map.copyOf(campaignWindows);
    }

    public static AnalyticsSettings defaults() {
        return new AnalyticsSettings(new BigDecimal(DEFAULT_GROSS_MARGIN_PERCENT),
                Long.parseLong(DEFAULT_SMS_PRICE_KOPECKS), Duration.parse(DEFAULT_ATTRIBUTION_WINDOW), Map.of(),
                Double.parseDouble(DEFAULT_CONFIDENCE_LEVEL), Duration.parse(DEFAULT_TELEGRAM_REGISTRATION_WINDOW));
    }

    /** The attribution window configured for a campaign, if any. */
    public Optional<Duration> windowOf(String campaignId) {
        return Optional.ofNullable(campaignWindows.get(campaignId));
    }

    /** The two-sided normal quantile of the confidence level. */
    public double z() {
        if (confidenceLevel == 0.90) {
            return 1.6448536269514722;
        }
        if (confidenceLevel == 0.99) {
            return 2.5758293035489004;
        }
        return 1.959963984540054;
    }

    public static AnalyticsSettings from(KopilkaConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        BigDecimal margin = new BigDecimal(DEFAULT_GROSS_MARGIN_PERCENT);
        String raw = value(config, GROSS_MARGIN_PERCENT, DEFAULT_GROSS_MARGIN_PERCENT);
        try {
            margin = new BigDecimal(raw);
            if (margin.signum() < 0 || margin.compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add(new ConfigProblem(GROSS_MARGIN_PERCENT, "must be between 0 and 100", raw, "30"));
            }
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem(GROSS_MARGIN_PERCENT, "must be a number of percent", raw, "30"));
        }
        long sms = Long.parseLong(DEFAULT_SMS_PRICE_KOPECKS);
        raw = value(config, SMS_PRICE_KOPECKS, DEFAULT_SMS_PRICE_KOPECKS);
        try {
            sms = Long.parseLong(raw);
            if (sms < 0) {
                problems.add(new ConfigProblem(SMS_PRICE_KOPECKS, "must not be negative", raw, "350"));
            }
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem(SMS_PRICE_KOPECKS, "must be a whole number of kopecks", raw, "350"));
        }
        Duration window = window(config, ATTRIBUTION_WINDOW, DEFAULT_ATTRIBUTION_WINDOW, problems);
        Map<String, Duration> windows = new TreeMap<>();
        for (String key : config.keys()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key) && !key.startsWith(CAMPAIGN_WINDOW_PREFIX)) {
                problems.add(new ConfigProblem(key, "is not a known key", config.get(key),
                        "one of " + String.join(", ", KEYS) + ", " + CAMPAIGN_WINDOW_PREFIX + "<campaign id>"));
            }
            if (key.startsWith(CAMPAIGN_WINDOW_PREFIX)) {
                String id = key.substring(CAMPAIGN_WINDOW_PREFIX.length());
                if (id.isBlank()) {
                    problems.add(new ConfigProblem(key, "must name a campaign after the dot", key,
                            CAMPAIGN_WINDOW_PREFIX + "reactivation"));
                    continue;
                }
                Duration d = window(config, key, null, problems);
                if (d != null) {
                    windows.put(id, d);
                }
            }
        }
        double level = 0.95;
        raw = value(config, CONFIDENCE_LEVEL, DEFAULT_CONFIDENCE_LEVEL);
        switch (raw.trim()) {
            case "0.90", "0.9" -> level = 0.90;
            case "0.95" -> level = 0.95;
            case "0.99" -> level = 0.99;
            default -> problems.add(new ConfigProblem(CONFIDENCE_LEVEL, "must be 0.90, 0.95 or 0.99", raw, "0.95"));
        }
        Duration registration = window(config, TELEGRAM_REGISTRATION_WINDOW, DEFAULT_TELEGRAM_REGISTRATION_WINDOW,
                problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(config.source(), problems);
        }
        return new AnalyticsSettings(margin, sms, window, windows, level, registration);
    }

    private static String value(KopilkaConfig config, String key, String fallback) {
        String v = config.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static Duration window(KopilkaConfig config, String key, String fallback, List<ConfigProblem> problems) {
        String raw = value(config, key, fallback);
        if (raw == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(raw);
            if (d.isNegative() || d.isZero()) {
                problems.add(new ConfigProblem(key, "must be a positive duration", raw, fallback == null ? "P30D"
                        : fallback));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            problems.add(new ConfigProblem(key, "must be an ISO-8601 duration such as P30D", raw,
                    fallback == null ? "P30D" : fallback));
            return null;
        }
    }
}
