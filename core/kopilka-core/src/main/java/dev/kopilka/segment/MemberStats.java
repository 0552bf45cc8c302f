package dev.kopilka.segment;

import dev.kopilka.Require;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The narrow statistics row of one member, kept up to date in the same transaction as each registration,
 * purchase, return and profile change, so segments and time-based triggers are evaluated over it (on JDBC by
 * a set-based query) instead of over receipts. Money in kopecks, net of returns.
 *
 * @param birthday          null when the member never gave it
 * @param firstPurchaseAt   null before the first purchase
 * @param lastPurchaseAt    null before the first purchase
 * @param purchaseCount     lifetime receipts (a fully returned receipt still counts as a visit)
 * @param purchaseSum       lifetime paid amount net of returns, in kopecks
 * @param tier              the member's tier name, null when the program has no tiers
 * @param telegramReachable linked to the bot and not blocked there
 * @param smsReachable      has a phone that has not been reported as undeliverable
 */
public record MemberStats(MemberId member, Instant joinedAt, LocalDate birthday, String homeStore,
        Instant firstPurchaseAt, Instant lastPurchaseAt, String lastStore, long purchaseCount, long purchaseSum,
        String tier, boolean telegramReachable, boolean smsReachable) {

    public MemberStats {
        Require.present(member, "stats.member");
        Require.present(joinedAt, "stats.joinedAt");
    }
}
