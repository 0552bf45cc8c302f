package dev.kopilka.checkout.internal;

import dev.kopilka.Refusal;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.CheckoutRules;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.LineCalculation;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.ledger.Tier;
import dev.kopilka.member.MemberId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The receipt arithmetic, pure and exact to the kopeck:
 * <ol>
 *   <li>the promo discount, on promo-eligible lines, never below a line's minimum;</li>
 *   <li>the points cap: {@code max-percent} of the receipt after promo, limited per line by its minimum and
 *       no-redeem flag, and by the available balance; points are whole and each line takes whole points;</li>
 *   <li>points earned: {@code rate x (paid money of earning lines)}, rounded down — never on the part paid
 *       with points, the promo discount or no-earn lines.</li>
 * </ol>
 */
final class ReceiptCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ReceiptCalculator() {
    }

    static Calculation calculate(PurchaseRequest request, MemberId member, Tier tier, long available,
            PromoInput promo, CheckoutRules rules) {
        List<Line> lines = request.lines();
        int n = lines.size();
        long total = request.total();
        long value = rules.pointValueKopecks();

        long[] promoDiscount = new long[n];
        if (promo.applies()) {
            long[] headroom = new long[n];
            long eligible = 0;
            long headroomSum = 0;
            for (int i = 0; i < n; i++) {
                Line line = lines.get(i);
                if (!line.noPromo()) {
                    eligible += line.amount();
                    headroom[i] = line.amount() - line.minAmount();
                    headroomSum += headroom[i];
                }
            }
            long discount = Math.min(promo.discountForEligible().applyAsLong(eligible), headroomSum);
            promoDiscount = Allocation.proportional(discount, headroom);
        }

        long afterPromoTotal = 0;
        long[] lineCap = new long[n];
        long lineCapSum = 0;
        for (int i = 0; i < n; i++) {
            Line line = lines.get(i);
            long afterPromo = line.amount() - promoDiscount[i];
            afterPromoTotal += afterPromo;
            if (!line.noRedeem()) {
                lineCap[i] = Math.max(0, afterPromo - line.minAmount()) / value;
                lineCapSum += lineCap[i];
            }
        }
        long capMoney = new BigDecimal(afterPromoTotal).multiply(rules.redemptionMaxPercent())
                .divide(HUNDRED, 0, RoundingMode.DOWN).longValueExact();
        boolean promoForbidsPoints = promo.applies() && !promo.combinesWithPoints();
        long maxPoints = promoForbidsPoints ? 0 : Math.min(Math.min(capMoney / value, lineCapSum), Math.max(0, available));

        PointsToApply wanted = member == null ? PointsToApply.none() : request.points();
        long applied = 0;
        Refusal pointsRefusal = null;
        switch (wanted.mode()) {
            case NONE -> applied = 0;
            case MAX -> applied = maxPoints;
            case EXACTLY -> {
                if (promoForbidsPoints) {
                    pointsRefusal = new Refusal.PromoExcludesPoints(promo.code());
                } else if (wanted.points() > maxPoints) {
                    pointsRefusal = new Refusal.RedemptionAboveLimit(wanted.points(), maxPoints, Math.max(0, available));
                } else {
                    applied = wanted.points();
                }
            }
        }
        long[] linePoints = Allocation.proportional(applied, lineCap);

        long[] toPay = new long[n];
        long[] earnBase = new long[n];
        long earnBaseSum = 0;
        long toPayTotal = 0;
        for (int i = 0; i < n; i++) {
            Line line = lines.get(i);
            toPay[i] = line.amount() - promoDiscount[i] - linePoints[i] * value;
            toPayTotal += toPay[i];
            earnBase[i] = line.noEarn() ? 0 : toPay[i];
            earnBaseSum += earnBase[i];
        }
        long earned = member == null ? 0 : pointsFor(earnBaseSum, tier.ratePercent(), value);
        long[] lineEarned = Allocation.proportional(earned, earnBase);

        List<LineCalculation> result = new ArrayList<>(n);
        long promoTotal = 0;
        for (int i = 0; i < n; i++) {
            Line line = lines.get(i);
            promoTotal += promoDiscount[i];
            result.add(new LineCalculation(line.id(), line.quantity(), line.amount(), promoDiscount[i], linePoints[i],
                    linePoints[i] * value, toPay[i], earnBase[i], lineEarned[i], lineCap[i]));
        }
        return new Calculation(member, tier.name(), tier.ratePercent(), result, total, promoTotal, applied,
                applied * value, toPayTotal, earned, maxPoints, available, promo.code(), promo.refusal(),
                pointsRefusal);
    }

    /** Points for a money amount at a rate: rounded down to a whole point. */
    static long pointsFor(long kopecks, BigDecimal ratePercent, long pointValueKopecks) {
        return new BigDecimal(kopecks).multiply(ratePercent)
                .divide(HUNDRED.multiply(BigDecimal.valueOf(pointValueKopecks)), 0, RoundingMode.DOWN)
                .longValueExact();
    }
}
