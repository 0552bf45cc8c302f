package dev.kopilka.campaign.port;

import dev.kopilka.campaign.Participation;
import dev.kopilka.member.MemberId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Secondary port: campaign participations and sweep run claims of one program, bound to one store transaction. */
public interface CampaignStore {

    Optional<Participation> find(String campaignId, MemberId member, String occurrence);

    /** A member's occurrence of one campaign: what a participation is unique on, with the campaign. */
    record Occurrence(MemberId member, String occurrence) {
    }

    /**
     * {@link #find} for many (member, occurrence) pairs of one campaign at once (a sweep's page): the participations
     * that exist, in any order; pairs without one are absent. The default loops over {@link #find}.
     */
    default List<Participation> findAll(String campaignId, Collection<Occurrence> occurrences) {
        List<Participation> found = new ArrayList<>();
        for (Occurrence o : new LinkedHashSet<>(occurrences)) {
            find(campaignId, o.member(), o.occurrence()).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Records a participation unless one exists for its (campaign, member, occurrence); returns whether it was
     * added. The unique key is the last line of defence against a double reward.
     */
    boolean insert(Participation participation);

    /**
     * {@link #insert} for many participations at once (a sweep's page), in their order; returns how many were
     * added (a key already stored, or twice in the batch, is skipped). The default loops over {@link #insert}.
     */
    default int insertAll(Collection<Participation> participations) {
        int added = 0;
        for (Participation p : participations) {
            if (insert(p)) {
                added++;
            }
        }
        return added;
    }

    /** Participations of a campaign, in the order of their time. */
    List<Participation> ofCampaign(String campaignId);

    /** Treated participations of a campaign with a time in [from, until), in time order. */
    List<Participation> treatedBetween(String campaignId, Instant from, Instant until);

    /** How many TREATED participations of the given campaigns the member has with a time at or after {@code since}. */
    int treatedSince(MemberId member, java.util.Collection<String> campaignIds, Instant since);

    /**
     * {@link #treatedSince} for many members at once (a sweep's page); members with none may be left out. The
     * default loops over {@link #treatedSince}.
     */
    default Map<MemberId, Integer> treatedSinceAll(Collection<MemberId> members, Collection<String> campaignIds,
            Instant since) {
        Map<MemberId, Integer> counts = new HashMap<>();
        for (MemberId m : new LinkedHashSet<>(members)) {
            int n = treatedSince(m, campaignIds, since);
            if (n > 0) {
                counts.put(m, n);
            }
        }
        return counts;
    }

    /**
     * Claims the run of a sweep for a day: succeeds when nobody holds it, or the holder's lease ran out, or it
     * is {@code owner}'s own. A finished run can be claimed again (an explicit re-run).
     */
    boolean claimRun(String sweep, LocalDate day, String owner, Instant now, Duration lease);

    /** Marks the claimed run finished. */
    void finishRun(String sweep, LocalDate day, String owner, Instant now);

    /** Whether the day's run finished. */
    boolean runFinished(String sweep, LocalDate day);
}
