package dev.kopilka.campaign;

import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.List;

/**
 * A member's one participation in one occurrence of a campaign, unique on (campaign, member, occurrence): the
 * record that makes a re-run harmless and that ROI is computed from.
 *
 * @param occurrence     what occurred, e.g. the receipt id, the birthday year, the lapse start date
 * @param pointsGranted  0 when none
 * @param grantExpiresAt null when no points or they never expire
 * @param promoCode      null when none was issued
 * @param messageIds     outbox ids of the messages enqueued at participation (follow-ups have their own)
 */
public record Participation(String campaignId, MemberId member, String occurrence, Group group, Instant at,
        long pointsGranted, Instant grantExpiresAt, String promoCode, List<String> messageIds) {

    public Participation {
        messageIds = List.copyOf(messageIds);
    }

    public enum Group {
        /** Received the campaign's actions. */
        TREATED,
        /** Held out for ROI: received nothing. */
        CONTROL,
        /** In the audience but over the frequency cap: received nothing, not counted in ROI. */
        CAPPED
    }
}
