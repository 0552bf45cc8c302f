package dev.kopilka.campaign.port;

import dev.kopilka.campaign.Participation;
import dev.kopilka.member.MemberId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Secondary port: campaign participations and sweep run claims of one program, bound to one store transaction. */
public interface CampaignStore {

    Optional<Participation> find(String campaignId, MemberId member, String occurrence);

    /**
     * Records a participation unless one exists for its (campaign, member, occurrence); returns whether it was
     * added. The unique key is the last line of defence against a double reward.
     */
    boolean insert(Participation participation);

    /** Participations of a campaign, in the order of their time. */
    List<Participation> ofCampaign(String campaignId);

    /** Treated participations of a campaign with a time in [from, until), in time order. */
    List<Participation> treatedBetween(String campaignId, Instant from, Instant until);

    /** How many TREATED participations of the given campaigns the member has with a time at or after {@code since}. */
    int treatedSince(MemberId member, java.util.Collection<String> campaignIds, Instant since);

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
