package dev.kopilka.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The program's points rules, normally built from {@code KopilkaConfig}.
 *
 * @param zone               the program's time zone: calendar validities ("P1Y", "P10D") are counted in it
 * @param earningDelay       accrual delay: earned points are pending this long
 * @param earningValidity    validity of earned points, from activation
 * @param inactivityExpiry   all points expire after this long without purchases
 * @param grantValidity      validity of grants that state none
 * @param tiers              levels, lowest first; the first has spendFrom 0
 * @param tierSpendWindow    spend counted over this window; empty = lifetime
 * @param tierReviewPeriod   downgrades happen at reviews this far apart
 */
public record LedgerRules(
        ZoneId zone,
        TemporalAmount earningDelay,
        Optional<TemporalAmount> earningValidity,
        Optional<TemporalAmount> inactivityExpiry,
        Optional<TemporalAmount> grantValidity,
        List<Tier> tiers,
        Optional<TemporalAmount> tierSpendWindow,
        TemporalAmount tierReviewPeriod) {

    public LedgerRules {
        tiers = tiers.stream().sorted(Comparator.comparingLong(Tier::spendFromKopecks)).toList();
        if (tiers.isEmpty() || tiers.get(0).spendFromKopecks() != 0) {
            throw new IllegalArgumentException("the lowest tier must start at spend 0: " + tiers);
        }
    }

    /** {@code from} plus {@code amount}, counted on the program's calendar (so P1Y from Feb 29 is Feb 28). */
    public Instant plus(Instant from, TemporalAmount amount) {
        return from.atZone(zone).plus(amount).toInstant();
    }

    public Instant minus(Instant from, TemporalAmount amount) {
        return from.atZone(zone).minus(amount).toInstant();
    }

    public Tier baseTier() {
        return tiers.get(0);
    }

    public Tier tier(String name) {
        for (Tier t : tiers) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        // A tier removed from the configuration: fall back to the base rate until the next review.
        return baseTier();
    }

    /** The highest tier whose threshold the spend reaches. */
    public Tier qualifiedFor(long spendKopecks) {
        Tier result = baseTier();
        for (Tier t : tiers) {
            if (spendKopecks >= t.spendFromKopecks()) {
                result = t;
            }
        }
        return result;
    }

    public int rank(Tier tier) {
        return tiers.indexOf(tier);
    }
}
