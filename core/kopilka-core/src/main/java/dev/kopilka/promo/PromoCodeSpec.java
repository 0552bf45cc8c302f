package dev.kopilka.promo;

import dev.kopilka.Require;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.time.temporal.TemporalAmount;

/**
 * How to make a promo code. {@code code} null means "generate one"; validity either as an explicit window or
 * as {@code validFor} from the moment of issue.
 */
public record PromoCodeSpec(String code, PromoDiscount discount, long minReceiptKopecks, Instant validFrom,
        Instant validUntil, TemporalAmount validFor, MemberId owner, int maxUses, boolean combinesWithPoints,
        String origin) {

    public PromoCodeSpec {
        Require.present(discount, "discount");
        Require.nonNegative(minReceiptKopecks, "minReceiptKopecks");
        Require.that(validFor == null || validUntil == null, "validFor", "give validFor or validUntil, not both",
                validFor);
        Require.that(maxUses >= 1, "maxUses", "must be at least 1", maxUses);
    }

    /** A single-use code for one member that combines with points. */
    public static PromoCodeSpec personal(MemberId owner, PromoDiscount discount) {
        Require.present(owner, "owner");
        return new PromoCodeSpec(null, discount, 0, null, null, null, owner, 1, true, null);
    }

    /** A public code anyone may use, without a use limit. */
    public static PromoCodeSpec publicCode(String code, PromoDiscount discount) {
        return new PromoCodeSpec(code, discount, 0, null, null, null, null, PromoCode.UNLIMITED, true, null);
    }

    public PromoCodeSpec minReceipt(long kopecks) {
        return new PromoCodeSpec(code, discount, kopecks, validFrom, validUntil, validFor, owner, maxUses,
                combinesWithPoints, origin);
    }

    public PromoCodeSpec validBetween(Instant from, Instant until) {
        return new PromoCodeSpec(code, discount, minReceiptKopecks, from, until, null, owner, maxUses,
                combinesWithPoints, origin);
    }

    public PromoCodeSpec validFor(TemporalAmount amount) {
        return new PromoCodeSpec(code, discount, minReceiptKopecks, validFrom, null, amount, owner, maxUses,
                combinesWithPoints, origin);
    }

    public PromoCodeSpec maxUses(int uses) {
        return new PromoCodeSpec(code, discount, minReceiptKopecks, validFrom, validUntil, validFor, owner, uses,
                combinesWithPoints, origin);
    }

    public PromoCodeSpec withoutPoints() {
        return new PromoCodeSpec(code, discount, minReceiptKopecks, validFrom, validUntil, validFor, owner, maxUses,
                false, origin);
    }

    public PromoCodeSpec origin(String label) {
        return new PromoCodeSpec(code, discount, minReceiptKopecks, validFrom, validUntil, validFor, owner, maxUses,
                combinesWithPoints, label);
    }

    public PromoCodeSpec code(String explicitCode) {
        return new PromoCodeSpec(explicitCode, discount, minReceiptKopecks, validFrom, validUntil, validFor, owner,
                maxUses, combinesWithPoints, origin);
    }
}
