package dev.kopilka.analytics;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.config.SettingsReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

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

    /** Reads {@code kopilka.analytics.*}; throws {@link InvalidConfigurationException} listing every problem. */
    public static AnalyticsSettings from(KopilkaConfig config) {
        SettingsReader r = new SettingsReader(config);
        BigDecimal margin = r.decimal(GROSS_MARGIN_PERCENT, DEFAULT_GROSS_MARGIN_PERCENT, BigDecimal.ZERO,
                BigDecimal.valueOf(100));
        long sms = r.wholeNumber(SMS_PRICE_KOPECKS, DEFAULT_SMS_PRICE_KOPECKS, 0, Long.MAX_VALUE);
        Duration window = r.positiveDuration(ATTRIBUTION_WINDOW, DEFAULT_ATTRIBUTION_WINDOW);
        Map<String, Duration> windows = new TreeMap<>();
        for (String key : new TreeSet<>(config.keys())) {
            if (key.startsWith(CAMPAIGN_WINDOW_PREFIX)) {
                String id = key.substring(CAMPAIGN_WINDOW_PREFIX.length());
                if (id.isBlank()) {
                    r.problem(key, "must name a campaign after the dot, such as " + CAMPAIGN_WINDOW_PREFIX
                            + "reactivation", config.get(key));
                    continue;
                }
                Duration d = r.positiveDuration(key, null);
                if (d != null) {
                    windows.put(id, d);
                }
            }
        }
        double level = 0.95;
        String raw = r.text(CONFIDENCE_LEVEL, DEFAULT_CONFIDENCE_LEVEL);
        switch (raw) {
            case "0.90", "0.9" -> level = 0.90;
            case "0.95" -> level = 0.95;
            case "0.99" -> level = 0.99;
            default -> r.problem(CONFIDENCE_LEVEL, "must be 0.90, 0.95 or 0.99", raw);
        }
        Duration registration = r.positiveDuration(TELEGRAM_REGISTRATION_WINDOW, DEFAULT_TELEGRAM_REGISTRATION_WINDOW);
        r.rejectUnknownKeys(PREFIX, KEYS, key -> key.startsWith(CAMPAIGN_WINDOW_PREFIX));
        r.throwIfAny();
        return new AnalyticsSettings(margin, sms, window, windows, level, registration);
    }
}
