package dev.kopilka.promo;

import dev.kopilka.Require;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.Locale;

/**
 * A promo code: public or personal (bound to one member), with a discount, a minimum receipt, a validity
 * window ({@code validFrom} inclusive, {@code validUntil} exclusive; null = open) and a number of uses.
 *
 * @param origin free label of where it came from, e.g. the campaign {@code welcome-500}
 */
public record PromoCode(String code, PromoDiscount discount, long minReceiptKopecks, Instant validFrom,
        Instant validUntil, MemberId owner, int maxUses, int uses, boolean combinesWithPoints, String origin,
        Instant issuedAt) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public PromoCode {
        code = normalize(code);
        Require.present(discount, "promo.discount");
        Require.nonNegative(minReceiptKopecks, "promo.minReceiptKopecks");
        Require.that(validFrom == null || validUntil == null || validFrom.isBefore(validUntil), "promo.validUntil",
                "must be after validFrom " + validFrom, validUntil);
        Require.that(maxUses >= 1, "promo.maxUses", "must be at least 1", maxUses);
        Require.that(uses >= 0 && uses <= maxUses, "promo.uses", "must be between 0 and maxUses " + maxUses, uses);
        Require.present(issuedAt, "promo.issuedAt");
    }

    /** Codes are case-insensitive: stored and looked up in upper case. */
    public static String normalize(String code) {
        Require.present(code, "promoCode");
        String upper = code.strip().toUpperCase(Locale.ROOT);
        Require.that(upper.matches("[A-Z0-9-]{3,40}"), "promoCode", "must be 3-40 of A-Z, 0-9 and -", code);
        return upper;
    }

    /** Whether the code applies to a receipt of {@code receiptKopecks} by {@code buyer} (null: anonymous). */
    public PromoCheck check(MemberId buyer, long receiptKopecks, Instant now) {
        if ((validFrom != null && now.isBefore(validFrom)) || (validUntil != null && !now.isBefore(validUntil))) {
            return new PromoCheck.OutsideValidity(code, validFrom, validUntil, now);
        }
        if (uses >= maxUses) {
            return new PromoCheck.UsedUp(code, uses, maxUses);
        }
        if (owner != null && !owner.equals(buyer)) {
            return new PromoCheck.ConditionsNotMet(code, "personal", "this personal code belongs to another member");
        }
        if (receiptKopecks < minReceiptKopecks) {
            return new PromoCheck.ConditionsNotMet(code, "min_receipt", "needs a receipt of at least "
                    + rub(minReceiptKopecks) + ", this one is " + rub(receiptKopecks));
        }
        return new PromoCheck.Applicable(this);
    }

    public long discountKopecks(long eligibleKopecks) {
        return discount.discountKopecks(eligibleKopecks);
    }

    public boolean isPersonal() {
        return owner != null;
    }

    public PromoCode withUses(int newUses) {
        return new PromoCode(code, discount, minReceiptKopecks, validFrom, validUntil, owner, maxUses, newUses,
                combinesWithPoints, origin, issuedAt);
    }

    private static String rub(long kopecks) {
        return kopecks / 100 + "." + String.format("%02d", kopecks % 100) + " RUB";
    }
}
