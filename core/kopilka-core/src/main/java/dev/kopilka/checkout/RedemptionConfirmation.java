package dev.kopilka.checkout;

import java.time.Duration;

/**
 * When spending points at the till needs a one-time code sent to the member, normally built from
 * {@code kopilka.checkout.redemption-confirmation.*}.
 *
 * @param abovePoints redeeming more points than this needs the code; 0 turns the confirmation off
 * @param ttl         how long an issued code is valid
 * @param maxAttempts wrong codes allowed per issued code before it is void
 */
public record RedemptionConfirmation(long abovePoints, Duration ttl, int maxAttempts) {

    public RedemptionConfirmation {
        if (abovePoints < 0 || ttl == null || ttl.isNegative() || ttl.isZero() || maxAttempts < 1) {
            throw new IllegalArgumentException("bad redemption confirmation: above " + abovePoints + " points, ttl "
                    + ttl + ", " + maxAttempts + " attempts");
        }
    }

    public static RedemptionConfirmation off() {
        return new RedemptionConfirmation(0, Duration.ofMinutes(5), 3);
    }

    public boolean appliesTo(long points) {
        return abovePoints > 0 && points > abovePoints;
    }
}
