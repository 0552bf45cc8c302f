package dev.kopilka.sms;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalLong;

/** Gateway amounts (decimal RUB, as numbers or strings) to exact kopecks. */
public final class Kopecks {

    private Kopecks() {
    }

    /** Half-up to the kopeck: gateways quote at most two decimals, a third is their rounding, not ours. */
    public static long ofRubles(BigDecimal rubles) {
        return rubles.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    }

    /** Empty for null, blank or a non-number. */
    public static OptionalLong parse(String rubles) {
        if (rubles == null || rubles.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(ofRubles(new BigDecimal(rubles.strip())));
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}
