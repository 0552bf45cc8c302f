package dev.kopilka.campaign;

import dev.kopilka.member.MemberId;
import dev.kopilka.store.port.StoreTransaction;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Decides whether a member belongs to a campaign's audience segment, inside the campaign's transaction.
 * Backed by segment evaluation; the default knows only the segment {@code all}.
 */
public interface AudienceFilter {

    String ALL = "all";

    /** The segment names this filter can evaluate; a campaign naming another one is refused at start. */
    Set<String> segments();

    boolean includes(StoreTransaction tx, String segment, MemberId member, Instant now);

    /**
     * The members among these that {@link #includes} would include (a sweep's page at once), in any order. The
     * default loops over {@link #includes}; filters backed by a store evaluate the page in one query.
     */
    default Set<MemberId> included(StoreTransaction tx, String segment, Collection<MemberId> members, Instant now) {
        Set<MemberId> in = new LinkedHashSet<>();
        for (MemberId m : members) {
            if (includes(tx, segment, m, now)) {
                in.add(m);
            }
        }
        return in;
    }

    /** Knows only {@code all}. */
    static AudienceFilter everyone() {
        return new AudienceFilter() {
            @Override
            public Set<String> segments() {
                return Set.of(ALL);
            }

            @Override
            public boolean includes(StoreTransaction tx, String segment, MemberId member, Instant now) {
                return ALL.equals(segment);
            }
        };
    }
}
