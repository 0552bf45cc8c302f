package dev.kopilka.segment.port;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.segment.MemberStats;
import dev.kopilka.segment.SegmentRule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Secondary port: the statistics of one program's members, bound to one store transaction. Two parts: one
 * narrow row per member with lifetime values ({@link MemberStats}), and per member, day and store the count
 * and sum of receipts, from which rolling windows are computed set-based.
 *
 * <p>The writing methods that return {@code boolean} change an existing row in place (on SQL: one increment
 * statement, no read) and return false when the member has no row yet; the caller then creates it with
 * {@link #upsert} and repeats the call.
 *
 * <p>Rules given to {@link #count}, {@link #select} and {@link #matches} are resolved (no
 * {@link SegmentRule.Named}) and evaluated as of {@code today} with the calendar arithmetic of
 * {@link RuleCalendar}, so every store returns the same members for the same data.
 */
public interface MemberStatsStore {

    Optional<MemberStats> find(MemberId member);

    /** Inserts or replaces the member's row (lifetime values; {@code storesVisited} is derived and ignored). */
    void upsert(MemberStats stats);

    /**
     * Adds a receipt: lifetime count and sum, first/last purchase (kept as the earliest/latest instant, so an
     * out-of-order import is harmless), and the day's count and sum at the store.
     *
     * @param day    the purchase's calendar day in the program's zone
     * @param amount the paid amount in kopecks
     */
    boolean recordPurchase(MemberId member, Instant at, LocalDate day, String store, long amount);

    /** Takes a refund off the lifetime sum and off the sale's day at the sale's store; counts are kept. */
    boolean recordReturn(MemberId member, LocalDate saleDay, String saleStore, long refund);

    boolean setTier(MemberId member, String tier);

    boolean setReachable(MemberId member, Channel channel, boolean reachable);

    /** Members matching the rule. */
    long count(SegmentRule rule, LocalDate today);

    /** Members matching the rule, ordered by id (binary order of the id's characters), after the given id. */
    List<MemberId> select(SegmentRule rule, LocalDate today, MemberId afterExclusive, int limit);

    /** Whether one member matches the rule (without today's RFM boundaries the whole base is still ranked). */
    boolean matches(SegmentRule rule, LocalDate today, MemberId member);

    /**
     * The members among these that match the rule ({@link #matches} for a sweep's page at once), in any order.
     * The default loops over {@link #matches}.
     */
    default Set<MemberId> matchingAmong(SegmentRule rule, LocalDate today, Collection<MemberId> members) {
        Set<MemberId> matching = new LinkedHashSet<>();
        for (MemberId m : new LinkedHashSet<>(members)) {
            if (matches(rule, today, m)) {
                matching.add(m);
            }
        }
        return matching;
    }

    /**
     * Brings the derived statistics up to {@code today} (the daily sweep calls it; any instance may, any time):
     * <ul>
     * <li>the rolling 90- and 365-day counters of the members whose oldest counted day left the window (a few a
     * day; every member the first time) are recomputed from the day rows, under their row locks, so a purchase
     * committed meanwhile is neither lost nor counted twice. Rules are exact without it: a row whose counters do
     * not cover today's window is summed from its day rows by the query;
     * <li>the RFM quintile boundaries are ranked over the buyers, once per day: the first refresh of a day keeps
     * them, later ones of the same day leave them. Rules evaluated for that day score every member by comparing
     * their current values with these boundaries; for a day without them the buyers are ranked by the query.
     * </ul>
     */
    void refresh(LocalDate today);
}
