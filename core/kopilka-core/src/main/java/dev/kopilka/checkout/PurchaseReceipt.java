package dev.kopilka.checkout;

import dev.kopilka.ledger.Balance;
import dev.kopilka.member.MemberId;
import java.time.Instant;

/**
 * A completed purchase: what was applied and earned, and the balance right after. Replaying the same
 * receipt id returns this same object.
 *
 * @param earnedActivateAt when the earned points become spendable (null if none were earned)
 * @param earnedExpireAt   when they expire by their own validity (null if they do not)
 */
public record PurchaseReceipt(String txid, MemberId member, String storeId, Instant completedAt,
        Calculation calculation, Instant earnedActivateAt, Instant earnedExpireAt, Balance balance) {
}
