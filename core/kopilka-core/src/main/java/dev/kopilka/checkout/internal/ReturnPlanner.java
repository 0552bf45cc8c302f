package dev.kopilka.checkout.internal;

import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.LineCalculation;
import dev.kopilka.checkout.ReturnCalculation;
import dev.kopilka.checkout.ReturnLine;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.checkout.port.SaleRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out a return against a sale. Each line's points are given and taken back by the share of its
 * quantity returned so far ({@code cumulative}): after returns of 1/3, 1/3 and 1/3 exactly everything has
 * gone back, whatever the rounding of each step, and a return can never give back more than the sale had.
 */
final class ReturnPlanner {

    /** The plan and the sale's returned quantities once applied. */
    record Plan(ReturnCalculation calculation, Map<String, BigDecimal> returnedAfter, long alreadyRestored) {
    }

    private ReturnPlanner() {
    }

    static Outcome<Plan> plan(SaleRecord sale, ReturnRequest request) {
        Map<String, BigDecimal> requested = request.refundKopecks() == null
                ? byLines(sale, request)
                : null;
        if (requested == null && request.refundKopecks() == null) {
            return Outcome.refused(lineRefusal(sale, request));
        }
        Map<String, Long> refundByLine = new HashMap<>();
        if (request.refundKopecks() != null) {
            Outcome<Map<String, BigDecimal>> byAmount = byAmount(sale, request.refundKopecks(), refundByLine);
            if (byAmount instanceof Outcome.Refused<Map<String, BigDecimal>> refused) {
                return Outcome.refused(refused.refusal());
            }
            requested = byAmount.orElseThrow();
        }
        Map<String, BigDecimal> after = new HashMap<>(sale.returnedQuantities());
        List<ReturnCalculation.Line> lines = new ArrayList<>();
        long refund = 0;
        long restored = 0;
        long clawed = 0;
        long alreadyRestored = 0;
        for (LineCalculation line : sale.calculation().lines()) {
            BigDecimal before = sale.returnedQuantities().getOrDefault(line.lineId(), BigDecimal.ZERO);
            alreadyRestored += share(line.pointsApplied(), before, line.quantity());
            BigDecimal quantity = requested.get(line.lineId());
            if (quantity == null) {
                continue;
            }
            BigDecimal now = before.add(quantity);
            if (now.compareTo(line.quantity()) > 0) {
                return Outcome.refused(new Refusal.ReturnExceedsSale(sale.txid(), "line " + line.lineId() + " quantity",
                        quantity.toPlainString(), line.quantity().subtract(before).toPlainString()));
            }
            after.put(line.lineId(), now);
            long lineRefund = refundByLine.containsKey(line.lineId()) ? refundByLine.get(line.lineId())
                    : share(line.toPay(), now, line.quantity()) - share(line.toPay(), before, line.quantity());
            long lineRestored = share(line.pointsApplied(), now, line.quantity())
                    - share(line.pointsApplied(), before, line.quantity());
            long lineClawed = share(line.pointsEarned(), now, line.quantity())
                    - share(line.pointsEarned(), before, line.quantity());
            lines.add(new ReturnCalculation.Line(line.lineId(), quantity, lineRefund, lineRestored, lineClawed));
            refund += lineRefund;
            restored += lineRestored;
            clawed += lineClawed;
        }
        return Outcome.accepted(new Plan(new ReturnCalculation(sale.txid(), lines, refund, restored, clawed), after,
                alreadyRestored));
    }

    private static Map<String, BigDecimal> byLines(SaleRecord sale, ReturnRequest request) {
        Map<String, BigDecimal> requested = new LinkedHashMap<>();
        for (ReturnLine line : request.lines()) {
            if (sale.calculation().line(line.lineId()) == null) {
                return null;
            }
            requested.put(line.lineId(), line.quantity());
        }
        return requested;
    }

    private static Refusal lineRefusal(SaleRecord sale, ReturnRequest request) {
        for (ReturnLine line : request.lines()) {
            if (sale.calculation().line(line.lineId()) == null) {
                return new Refusal.ReturnLineNotInSale(sale.txid(), line.lineId());
            }
        }
        throw new IllegalStateException("no line refusal for " + request);
    }

    /** Spreads a refund over lines by the money still paid for them, then turns it into quantities. */
    private static Outcome<Map<String, BigDecimal>> byAmount(SaleRecord sale, long refund, Map<String, Long> refundByLine) {
        List<LineCalculation> lines = sale.calculation().lines();
        long[] remainingPaid = new long[lines.size()];
        long remainingTotal = 0;
        for (int i = 0; i < lines.size(); i++) {
            LineCalculation line = lines.get(i);
            BigDecimal before = sale.returnedQuantities().getOrDefault(line.lineId(), BigDecimal.ZERO);
            remainingPaid[i] = line.toPay() - share(line.toPay(), before, line.quantity());
            remainingTotal += remainingPaid[i];
        }
        if (refund > remainingTotal) {
            return Outcome.refused(new Refusal.ReturnExceedsSale(sale.txid(), "refund kopecks", String.valueOf(refund),
                    String.valueOf(remainingTotal)));
        }
        long[] parts = Allocation.proportional(refund, remainingPaid);
        Map<String, BigDecimal> quantities = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (parts[i] == 0) {
                continue;
            }
            LineCalculation line = lines.get(i);
            BigDecimal before = sale.returnedQuantities().getOrDefault(line.lineId(), BigDecimal.ZERO);
            BigDecimal remainingQuantity = line.quantity().subtract(before);
            BigDecimal quantity = parts[i] == remainingPaid[i] ? remainingQuantity
                    : remainingQuantity.multiply(BigDecimal.valueOf(parts[i]))
                            .divide(BigDecimal.valueOf(remainingPaid[i]), 9, RoundingMode.HALF_UP).stripTrailingZeros();
            quantities.put(line.lineId(), quantity);
            refundByLine.put(line.lineId(), parts[i]);
        }
        return Outcome.accepted(quantities);
    }

    /** {@code whole x returned / bought}, rounded half up; exactly {@code whole} once all is returned. */
    static long share(long whole, BigDecimal returned, BigDecimal bought) {
        if (returned.signum() == 0 || whole == 0) {
            return 0;
        }
        if (returned.compareTo(bought) >= 0) {
            return whole;
        }
        return BigDecimal.valueOf(whole).multiply(returned).divide(bought, 0, RoundingMode.HALF_UP).longValueExact();
    }
}
