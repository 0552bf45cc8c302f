package dev.kopilka.segment;

import dev.kopilka.messaging.Channel;
import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * A predicate over {@link MemberStats}, parsed from {@code kopilka.segments.*} properties and combinable with
 * and/or/not. Stores evaluate it where the data is: a set-based query on JDBC, a streaming scan in memory.
 * Day counts are calendar days in the program's zone; bounds are inclusive; a null upper bound is open.
 * A window such as {@code P30D} covers the last 30 calendar days including today ({@code today - P30D} excluded).
 */
public sealed interface SegmentRule {

    /**
     * Whether evaluating the rule scores RFM or counts purchases over a rolling window: what
     * {@link Segments#refresh} makes cheap. A {@link Named} rule not yet resolved may, so it says yes.
     */
    default boolean usesRefreshedStatistics() {
        if (this instanceof AllOf all) {
            return all.rules().stream().anyMatch(SegmentRule::usesRefreshedStatistics);
        } else if (this instanceof AnyOf any) {
            return any.rules().stream().anyMatch(SegmentRule::usesRefreshedStatistics);
        } else if (this instanceof Not not) {
            return not.rule().usesRefreshedStatistics();
        } else if (this instanceof PurchaseCount count) {
            return count.window() != null;
        } else if (this instanceof PurchaseSum sum) {
            return sum.window() != null;
        }
        return this instanceof Rfm || this instanceof Named;
    }

    record AllOf(List<SegmentRule> rules) implements SegmentRule {
        public AllOf {
            rules = List.copyOf(rules);
        }
    }

    record AnyOf(List<SegmentRule> rules) implements SegmentRule {
        public AnyOf {
            rules = List.copyOf(rules);
        }
    }

    record Not(SegmentRule rule) implements SegmentRule {
    }

    /** Another segment by name (built-in or defined in properties). */
    record Named(String name) implements SegmentRule {
    }

    /** Bought at one of the stores within the window (null window: ever); the home store counts for "ever". */
    record PurchasedAtStore(Set<String> stores, Period within) implements SegmentRule {
        public PurchasedAtStore {
            stores = Set.copyOf(stores);
        }
    }

    /** Days since the last purchase (or since joining, for a member who never bought) within [min, max]. */
    record DaysSinceLastPurchase(int min, Integer max) implements SegmentRule {
    }

    /** Number of receipts within the window (null: lifetime) within [min, max]. */
    record PurchaseCount(Period window, long min, Long max) implements SegmentRule {
    }

    /** Spend in kopecks within the window (null: lifetime) within [min, max]. */
    record PurchaseSum(Period window, long min, Long max) implements SegmentRule {
    }

    /** Lifetime average receipt in kopecks within [min, max]; members without purchases never match. */
    record AverageReceipt(long min, Long max) implements SegmentRule {
    }

    /** Days since joining the program within [min, max]. */
    record DaysSinceJoining(int min, Integer max) implements SegmentRule {
    }

    /** Age in full years within [min, max]; members without a birthday never match. */
    record Age(int min, Integer max) implements SegmentRule {
    }

    /** The next birthday is in [from, to] days (0 = today; Feb 29 birthdays fall on Feb 28 in common years). */
    record BirthdayInDays(int from, int to) implements SegmentRule {
    }

    record InTier(Set<String> tiers) implements SegmentRule {
        public InTier {
            tiers = Set.copyOf(tiers);
        }
    }

    /** Reachable on the channel (Telegram linked and not blocked; SMS: a deliverable phone). */
    record Reachable(Channel channel) implements SegmentRule {
    }

    /**
     * RFM scores 1..5 (quintiles over the program's buyers: 5 = most recent, most frequent, biggest spender),
     * each within [min, max].
     */
    record Rfm(int recencyMin, int recencyMax, int frequencyMin, int frequencyMax, int monetaryMin, int monetaryMax)
            implements SegmentRule {
    }

    /** Blocked by staff (see {@code Members.block}). */
    record Blocked() implements SegmentRule {
    }
}
