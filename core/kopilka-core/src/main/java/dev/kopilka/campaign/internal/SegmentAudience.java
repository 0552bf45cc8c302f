package dev.kopilka.campaign.internal;

import dev.kopilka.campaign.AudienceFilter;
import dev.kopilka.member.MemberId;
import dev.kopilka.segment.SegmentDefinition;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.Segments;
import dev.kopilka.store.port.StoreTransaction;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default audience filter: a campaign's audience is one of the program's segments, evaluated by the store
 * over the member's statistics inside the campaign's own transaction (so a purchase being committed counts).
 */
public final class SegmentAudience implements AudienceFilter {

    private final Segments segments;
    private final ZoneId zone;

    public SegmentAudience(Segments segments, ZoneId zone) {
        this.segments = segments;
        this.zone = zone;
    }

    public static Set<String> knownSegments(Collection<SegmentDefinition> definitions) {
        Set<String> names = new TreeSet<>();
        names.add(ALL);
        definitions.forEach(d -> names.add(d.name()));
        return names;
    }

    /** The same from segment names alone (the catalog could not be built: its problems are reported apart). */
    public static Set<String> knownSegmentNames(Collection<String> segmentNames) {
        Set<String> names = new TreeSet<>(segmentNames);
        names.add(ALL);
        return names;
    }

    @Override
    public Set<String> segments() {
        return knownSegments(segments.definitions());
    }

    @Override
    public boolean includes(StoreTransaction tx, String segment, MemberId member, Instant now) {
        return ALL.equals(segment) || tx.stats().matches(rule(segment), now.atZone(zone).toLocalDate(), member);
    }

    @Override
    public Set<MemberId> included(StoreTransaction tx, String segment, Collection<MemberId> members, Instant now) {
        if (ALL.equals(segment)) {
            return new java.util.LinkedHashSet<>(members);
        }
        return tx.stats().matchingAmong(rule(segment), now.atZone(zone).toLocalDate(), members);
    }

    /** The segment's rule with every reference resolved, as stores take it. */
    SegmentRule rule(String segment) {
        return segments.resolve(new SegmentRule.Named(segment));
    }
}
