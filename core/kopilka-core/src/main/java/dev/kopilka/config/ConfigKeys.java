package dev.kopilka.config;

import java.util.List;

/**
 * Every {@code kopilka.*} key of the core with its default, named once. Accessors of {@link KopilkaConfig}
 * and {@code docs/configuration.md} both follow this list (a test checks the document).
 */
public final class ConfigKeys {

    public static final String PROGRAM_ID = "kopilka.program.id";
    public static final String PROGRAM_ZONE = "kopilka.program.zone";
    public static final String STORE = "kopilka.store";
    public static final String POINT_VALUE = "kopilka.points.value";
    public static final String EARNING_RATE = "kopilka.earning.rate";
    public static final String EARNING_DELAY = "kopilka.earning.delay";
    public static final String EARNING_VALIDITY = "kopilka.earning.validity";
    public static final String INACTIVITY_EXPIRY = "kopilka.earning.expire-after-inactivity";
    public static final String GRANT_VALIDITY = "kopilka.grants.default-validity";
    public static final String REDEMPTION_MAX_PERCENT = "kopilka.redemption.max-percent";
    public static final String TIER_SPEND_WINDOW = "kopilka.tiers.spend-window";
    public static final String TIER_REVIEW_PERIOD = "kopilka.tiers.review-period";
    public static final String TIER_SPEND_FROM = "kopilka.tiers.<name>.spend-from";
    public static final String TIER_RATE = "kopilka.tiers.<name>.rate";
    public static final String HOLD_TTL = "kopilka.checkout.hold-ttl";
    public static final String CONFIRM_ABOVE = "kopilka.checkout.redemption-confirmation.above-points";
    public static final String CONFIRM_TTL = "kopilka.checkout.redemption-confirmation.ttl";
    public static final String CONFIRM_ATTEMPTS = "kopilka.checkout.redemption-confirmation.max-attempts";
    public static final String REPLAY_CACHE_SIZE = "kopilka.checkout.replay-cache-size";
    public static final String OVERSPENT_POLICY = "kopilka.returns.overspent-policy";
    public static final String EXPIRED_LOT_POLICY = "kopilka.returns.expired-lot-policy";
    public static final String REGRANT_VALIDITY = "kopilka.returns.regrant-validity";
    public static final String PROMO_CODE_LENGTH = "kopilka.promo.code-length";
    public static final String PROMO_CODE_PREFIX = "kopilka.promo.code-prefix";
    public static final String DEFAULT_COUNTRY_CODE = "kopilka.members.default-country-code";

    public static final String DEFAULT_PROGRAM_ID = "default";
    public static final String DEFAULT_ZONE = "Europe/Moscow";
    public static final String DEFAULT_STORE = "auto";
    public static final String DEFAULT_POINT_VALUE = "1.00";
    public static final String DEFAULT_EARNING_RATE = "5";
    public static final String DEFAULT_EARNING_DELAY = "P1D";
    public static final String NONE = "none";
    public static final String LIFETIME = "lifetime";
    public static final String DEFAULT_REDEMPTION_MAX_PERCENT = "30";
    public static final String DEFAULT_TIER_REVIEW_PERIOD = "P1M";
    public static final String DEFAULT_HOLD_TTL = "PT15M";
    public static final String DEFAULT_CONFIRM_ABOVE = "0";
    public static final String DEFAULT_CONFIRM_TTL = "PT5M";
    public static final String DEFAULT_CONFIRM_ATTEMPTS = "3";
    public static final String DEFAULT_REPLAY_CACHE_SIZE = "4096";
    public static final String DEFAULT_OVERSPENT_POLICY = "negative";
    public static final String DEFAULT_EXPIRED_LOT_POLICY = "regrant";
    public static final String DEFAULT_REGRANT_VALIDITY = "P30D";
    public static final String DEFAULT_PROMO_CODE_LENGTH = "8";
    public static final String DEFAULT_PROMO_CODE_PREFIX = "";
    public static final String DEFAULT_COUNTRY = "7";

    private static final List<ConfigKey> ALL = List.of(
            new ConfigKey(PROGRAM_ID, DEFAULT_PROGRAM_ID, "the program (retailer) this configuration describes"),
            new ConfigKey(PROGRAM_ZONE, DEFAULT_ZONE, "the program's time zone: calendar validities and days count in it"),
            new ConfigKey(STORE, DEFAULT_STORE, "where data lives: auto (a durable store if one is on the classpath), memory, or jdbc"),
            new ConfigKey(POINT_VALUE, DEFAULT_POINT_VALUE, "what one point pays at the till, in RUB"),
            new ConfigKey(EARNING_RATE, DEFAULT_EARNING_RATE, "percent of the paid amount earned as points when no tiers are defined"),
            new ConfigKey(EARNING_DELAY, DEFAULT_EARNING_DELAY, "accrual delay: earned points are pending this long (P0D = at once)"),
            new ConfigKey(EARNING_VALIDITY, NONE, "validity of earned points, counted from activation"),
            new ConfigKey(INACTIVITY_EXPIRY, NONE, "all points expire after this long without purchases"),
            new ConfigKey(GRANT_VALIDITY, NONE, "validity of manual and campaign grants that state none"),
            new ConfigKey(REDEMPTION_MAX_PERCENT, DEFAULT_REDEMPTION_MAX_PERCENT, "points may pay at most this percent of the receipt"),
            new ConfigKey(TIER_SPEND_WINDOW, LIFETIME, "spend counted for tiers: a period such as P12M, or lifetime"),
            new ConfigKey(TIER_REVIEW_PERIOD, DEFAULT_TIER_REVIEW_PERIOD, "tiers upgrade at once and are reviewed (downgraded) this often"),
            new ConfigKey(TIER_SPEND_FROM, "", "spend in RUB from which tier <name> applies; one tier must start at 0"),
            new ConfigKey(TIER_RATE, "", "percent earned in tier <name>"),
            new ConfigKey(HOLD_TTL, DEFAULT_HOLD_TTL, "an unconfirmed hold releases its points after this"),
            new ConfigKey(CONFIRM_ABOVE, DEFAULT_CONFIRM_ABOVE, "redeeming more points than this at the till needs a one-time code sent to the member (0 = off)"),
            new ConfigKey(CONFIRM_TTL, DEFAULT_CONFIRM_TTL, "a redemption confirmation code is valid this long"),
            new ConfigKey(CONFIRM_ATTEMPTS, DEFAULT_CONFIRM_ATTEMPTS, "wrong codes allowed per issued code before it is void (1-10)"),
            new ConfigKey(REPLAY_CACHE_SIZE, DEFAULT_REPLAY_CACHE_SIZE, "receipts of purchases committed by this instance kept in memory, so a till's identical retry is answered without the database (0 = off)"),
            new ConfigKey(OVERSPENT_POLICY, DEFAULT_OVERSPENT_POLICY, "a return whose earned points were spent: negative (debt) or cap (record a shortfall)"),
            new ConfigKey(EXPIRED_LOT_POLICY, DEFAULT_EXPIRED_LOT_POLICY, "redeemed points whose lot expired before the return: regrant or expire"),
            new ConfigKey(REGRANT_VALIDITY, DEFAULT_REGRANT_VALIDITY, "validity of points regranted by a return"),
            new ConfigKey(PROMO_CODE_LENGTH, DEFAULT_PROMO_CODE_LENGTH, "length of the random part of generated personal promo codes (4-32)"),
            new ConfigKey(PROMO_CODE_PREFIX, DEFAULT_PROMO_CODE_PREFIX, "prefix of generated promo codes (A-Z, 0-9, -; up to 16)"),
            new ConfigKey(DEFAULT_COUNTRY_CODE, DEFAULT_COUNTRY, "country calling code for phones written in national format"));

    private ConfigKeys() {
    }

    /** Every known key, in documentation order. */
    public static List<ConfigKey> all() {
        return ALL;
    }

    static boolean isKnown(String key) {
        return ALL.stream().anyMatch(k -> k.matches(key));
    }
}
