package dev.kopilka.analytics;

import java.math.BigDecimal;

/**
 * A return on investment as a fraction (0.25 = 25 %), or undefined with the reason, never infinite.
 *
 * @param value null when undefined
 * @param label what the number is ("attributed, not incremental", "incremental, on gross margin") or why it is
 *              undefined ("undefined: zero cost", "undefined: no control group")
 */
public record Roi(BigDecimal value, String label) {

    public static Roi of(BigDecimal value, String label) {
        return new Roi(value, label);
    }

    public static Roi undefined(String reason) {
        return new Roi(null, "undefined: " + reason);
    }

    public boolean defined() {
        return value != null;
    }
}
