package dev.kopilka.checkout;

import dev.kopilka.ledger.Balance;
import java.time.Instant;

/**
 * An applied return. Of the clawed-back points, {@code clawedFromPoints} came from the member's points,
 * {@code addedToDebt} became a negative balance (policy NEGATIVE_BALANCE) and {@code shortfall} could not be
 * taken back (policy CAP_AT_AVAILABLE) — the three always add up to {@code calculation.pointsClawedBack()}.
 */
public record ReturnReceipt(String returnId, Instant appliedAt, ReturnCalculation calculation, long clawedFromPoints,
        long addedToDebt, long shortfall, Balance balance) {
}
