package dev.kopilka.campaign;

import dev.kopilka.member.MemberId;
import dev.kopilka.store.port.StoreTransaction;
import java.time.Instant;
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
