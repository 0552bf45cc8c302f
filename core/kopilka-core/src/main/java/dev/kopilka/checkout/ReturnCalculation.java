package dev.kopilka.checkout;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a return gives back and takes back.
 *
 * @param pointsRestored  redeemed points going back to the member
 * @param pointsClawedBack earned points taken back
 */
public record ReturnCalculation(String saleTxid, List<Line> lines, long refundKopecks, long pointsRestored,
        long pointsClawedBack) {

    public ReturnCalculation {
        lines = List.copyOf(lines);
    }

    /** Per returned line. */
    public record Line(String lineId, BigDecimal quantity, long refundKopecks, long pointsRestored,
            long pointsClawedBack) {
    }
}
