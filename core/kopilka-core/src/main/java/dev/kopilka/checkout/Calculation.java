package dev.kopilka.checkout;

import dev.kopilka.Refusal;
import dev.kopilka.member.MemberId;
import java.math.BigDecimal;
import java.util.List;

/**
 * The till's preview of a receipt, and the record of what a purchase did. Money in kopecks.
 *
 * @param member           null for an anonymous receipt
 * @param maxPointsAllowed the most points this receipt can take for this member now (cap, minimum prices,
 *                         no-redeem lines, available balance)
 * @param promoCode        the code as applied (normalised), null if none was given
 * @param promoRefusal     why the given promo code does not apply, null if it applies or none was given
 * @param pointsRefusal    why the requested points cannot be applied, null if they can
 */
public record Calculation(
        MemberId member,
        String tier,
        BigDecimal earningRatePercent,
        List<LineCalculation> lines,
        long total,
        long promoDiscount,
        long pointsApplied,
        long pointsDiscount,
        long toPay,
        long pointsEarned,
        long maxPointsAllowed,
        long availablePoints,
        String promoCode,
        Refusal promoRefusal,
        Refusal pointsRefusal) {

    public Calculation {
        lines = List.copyOf(lines);
    }

    /** The first reason the purchase would be refused, or null if it can go through. */
    public Refusal refusal() {
        return promoRefusal != null ? promoRefusal : pointsRefusal;
    }

    public LineCalculation line(String lineId) {
        return lines.stream().filter(l -> l.lineId().equals(lineId)).findFirst().orElse(null);
    }
}
