package dev.kopilka.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Parses configuration values; every failure names the key, the rule and the value. */
final class Values {

    private Values() {
    }

    static InvalidConfigurationException problem(String key, String rule, String value) {
        return new InvalidConfigurationException(null, List.of(new ConfigProblem(key, rule, value, null)));
    }

    static String raw(KopilkaConfig config, String key, String defaultValue) {
        String value = config.get(key);
        return value == null ? defaultValue : value.strip();
    }

    /** RUB with at most two decimals, to kopecks. */
    static long rubles(String key, String value, boolean zeroAllowed) {
        BigDecimal rub;
        try {
            rub = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw problem(key, "must be an amount in RUB such as 500 or 1.50", value);
        }
        if (rub.scale() > 2 && rub.stripTrailingZeros().scale() > 2) {
            throw problem(key, "must have at most 2 decimals (kopecks)", value);
        }
        if (rub.signum() < 0 || (!zeroAllowed && rub.signum() == 0)) {
            throw problem(key, zeroAllowed ? "must not be negative" : "must be positive", value);
        }
        try {
            return rub.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw problem(key, "is too large", value);
        }
    }

    static BigDecimal percent(String key, String value) {
        BigDecimal p;
        try {
            p = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw problem(key, "must be a percentage such as 5 or 2.5", value);
        }
        if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw problem(key, "must be between 0 and 100", value);
        }
        return p;
    }

    static int integer(String key, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw problem(key, "must be a whole number", value);
        }
        if (n < min || n > max) {
            throw problem(key, "must be between " + min + " and " + max, value);
        }
        return n;
    }

    /** An ISO-8601 period (P1D, P1Y, P12M) or duration (PT15M). */
    static TemporalAmount amount(String key, String value, boolean zeroAllowed) {
        String upper = value.toUpperCase(Locale.ROOT);
        TemporalAmount amount;
        boolean negative;
        boolean zero;
        try {
            if (upper.contains("T")) {
                Duration d = Duration.parse(upper);
                amount = d;
                negative = d.isNegative();
                zero = d.isZero();
            } else {
                Period p = Period.parse(upper);
                amount = p;
                negative = p.isNegative();
                zero = p.isZero();
            }
        } catch (DateTimeParseException e) {
            throw problem(key, "must be an ISO-8601 period or duration such as P1D, P1Y, PT15M", value);
        }
        if (negative || (!zeroAllowed && zero)) {
            throw problem(key, zeroAllowed ? "must not be negative" : "must be longer than zero", value);
        }
        return amount;
    }

    static Optional<TemporalAmount> optionalAmount(String key, String value, String noneWord) {
        if (value.isEmpty() || value.equalsIgnoreCase(noneWord)) {
            return Optional.empty();
        }
        return Optional.of(amount(key, value, false));
    }

    static Duration duration(String key, String value) {
        TemporalAmount amount = amount(key, value, false);
        if (amount instanceof Duration d) {
            return d;
        }
        Period p = (Period) amount;
        if (p.getMonths() != 0 || p.getYears() != 0) {
            throw problem(key, "must be a fixed duration (days or less), such as PT15M or P1D", value);
        }
        return Duration.ofDays(p.getDays());
    }

    static ZoneId zone(String key, String value) {
        try {
            return ZoneId.of(value);
        } catch (RuntimeException e) {
            throw problem(key, "must be a time zone id such as Europe/Moscow", value);
        }
    }

    static <E extends Enum<E>> E choice(String key, String value, Class<E> type, String... words) {
        String lower = value.toLowerCase(Locale.ROOT);
        E[] constants = type.getEnumConstants();
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(lower)) {
                return constants[i];
            }
        }
        throw problem(key, "must be one of " + String.join(", ", words), value);
    }
}
