package dev.kopilka.checkout;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.TemporalAmount;

/**
 * The till's rules, normally built from {@code KopilkaConfig}.
 *
 * @param pointValueKopecks     what one point pays at the till
 * @param redemptionMaxPercent  points may pay at most this share of the receipt (after promo discounts)
 * @param holdTtl               an unconfirmed hold releases its points after this
 */
public record CheckoutRules(long pointValueKopecks, BigDecimal redemptionMaxPercent, Duration holdTtl,
        OverspentReturnPolicy overspentPolicy, ExpiredLotReturnPolicy expiredLotPolicy,
        TemporalAmount regrantValidity) {

    public CheckoutRules {
        if (pointValueKopecks <= 0) {
            throw new IllegalArgumentException("point value must be positive: " + pointValueKopecks);
        }
    }
}
