package dev.kopilka.ledger;

import dev.kopilka.member.MemberId;
import java.time.Instant;

/**
 * The ledger's per-member row, updated under the member lock.
 *
 * @param activitySince  when the member joined: the inactivity clock starts here until the first purchase
 * @param lastPurchaseAt the last purchase; resets the inactivity rule
 * @param debt           points owed after a return took back points already spent (never negative)
 * @param tier           the current tier's name
 * @param tierReviewAt   when the tier is next reviewed (downgrades happen only then); null if never
 * @param settledAt      up to when expiries and releases have been written as entries
 */
public record Account(
        MemberId member,
        Instant activitySince,
        Instant lastPurchaseAt,
        long debt,
        String tier,
        Instant tierReviewAt,
        Instant settledAt) {

    public static Account open(MemberId member, Instant activitySince, String tier) {
        return new Account(member, activitySince, null, 0, tier, null, activitySince);
    }

    public Instant lastActivity() {
        return lastPurchaseAt != null && lastPurchaseAt.isAfter(activitySince) ? lastPurchaseAt : activitySince;
    }

    public Account withLastPurchaseAt(Instant at) {
        return new Account(member, activitySince, at, debt, tier, tierReviewAt, settledAt);
    }

    public Account withDebt(long newDebt) {
        return new Account(member, activitySince, lastPurchaseAt, newDebt, tier, tierReviewAt, settledAt);
    }

    public Account withTier(String newTier, Instant reviewAt) {
        return new Account(member, activitySince, lastPurchaseAt, debt, newTier, reviewAt, settledAt);
    }

    public Account withSettledAt(Instant at) {
        return new Account(member, activitySince, lastPurchaseAt, debt, tier, tierReviewAt, at);
    }
}
