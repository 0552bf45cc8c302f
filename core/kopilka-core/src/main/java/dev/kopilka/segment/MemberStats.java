package dev.kopilka.segment;

import dev.kopilka.Require;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The narrow statistics row of one member, kept up to date in the same transaction as each registration,
 * purchase, return and profile change, so segments and time-based triggers are evaluated over it (on JDBC by
 * a set-based query) instead of over receipts. Money in kopecks, net of returns. Days ({@code joinedOn},
 * {@code lastPurchaseOn}) are calendar days in the program's zone at the time they were recorded.
 *
 * @param birthday          null when the member never gave it
 * @param firstPurchaseAt   null before the first purchase
 * @param lastPurchaseAt    null before the first purchase
 * @param purchaseCount     lifetime receipts (a fully returned receipt still counts as a visit)
 * @param purchaseSum       lifetime paid amount net of returns, in kopecks
 * @param tier              the member's tier name, null when the program has no tiers
 * @param telegramReachable linked to the bot and not blocked there
 * @param smsReachable      has a phone that has not been reported as undeliverable
 * @param joinedOn          the day the member joined, in the program's zone
 * @param lastPurchaseOn    the day of the last purchase in the program's zone, null before the first purchase
 * @param storesVisited     distinct stores the member bought at (derived from the daily rows; ignored on upsert)
 * @param blocked           the member is blocked by staff
 */
public record MemberStats(MemberId member, Instant joinedAt, LocalDate birthday, String homeStore,
        Instant firstPurchaseAt, Instant lastPurchaseAt, String lastStore, long purchaseCount, long purchaseSum,
        String tier, boolean telegramReachable, boolean smsReachable, LocalDate joinedOn, LocalDate lastPurchaseOn,
        int storesVisited, boolean blocked) {

    public MemberStats {
        Require.present(member, "stats.member");
        Require.present(joinedAt, "stats.joinedAt");
        Require.present(joinedOn, "stats.joinedOn");
    }

    /** A fresh row: joined, no purchases yet. */
    public static MemberStats joined(MemberId member, Instant joinedAt, LocalDate joinedOn, LocalDate birthday,
            String homeStore, String tier, boolean telegramReachable, boolean smsReachable, boolean blocked) {
        return new MemberStats(member, joinedAt, birthday, homeStore, null, null, null, 0, 0, tier, telegramReachable,
                smsReachable, joinedOn, null, 0, blocked);
    }

    /** Lifetime average receipt in kopecks rounded down, or 0 before the first purchase. */
    public long averageReceipt() {
        return purchaseCount == 0 ? 0 : Math.floorDiv(purchaseSum, purchaseCount);
    }

    public MemberStats withBirthday(LocalDate newBirthday) {
        return new MemberStats(member, joinedAt, newBirthday, homeStore, firstPurchaseAt, lastPurchaseAt, lastStore,
                purchaseCount, purchaseSum, tier, telegramReachable, smsReachable, joinedOn, lastPurchaseOn,
                storesVisited, blocked);
    }

    public MemberStats withProfile(String newHomeStore, boolean newSmsReachable) {
        return new MemberStats(member, joinedAt, birthday, newHomeStore, firstPurchaseAt, lastPurchaseAt, lastStore,
                purchaseCount, purchaseSum, tier, telegramReachable, newSmsReachable, joinedOn, lastPurchaseOn,
                storesVisited, blocked);
    }

    public MemberStats withBlocked(boolean newBlocked) {
        return new MemberStats(member, joinedAt, birthday, homeStore, firstPurchaseAt, lastPurchaseAt, lastStore,
                purchaseCount, purchaseSum, tier, telegramReachable, smsReachable, joinedOn, lastPurchaseOn,
                storesVisited, newBlocked);
    }

    public MemberStats withTier(String newTier) {
        return new MemberStats(member, joinedAt, birthday, homeStore, firstPurchaseAt, lastPurchaseAt, lastStore,
                purchaseCount, purchaseSum, newTier, telegramReachable, smsReachable, joinedOn, lastPurchaseOn,
                storesVisited, blocked);
    }

    public MemberStats withReachable(boolean newTelegramReachable, boolean newSmsReachable) {
        return new MemberStats(member, joinedAt, birthday, homeStore, firstPurchaseAt, lastPurchaseAt, lastStore,
                purchaseCount, purchaseSum, tier, newTelegramReachable, newSmsReachable, joinedOn, lastPurchaseOn,
                storesVisited, blocked);
    }
}
