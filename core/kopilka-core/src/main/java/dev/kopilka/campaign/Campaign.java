package dev.kopilka.campaign;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.List;

/**
 * One configured campaign ({@code kopilka.campaigns.<id>.*}).
 *
 * @param audience       the segment a member must be in (null: every member)
 * @param controlPercent share of the audience held out as control group, 0..50, chosen by a stable hash of
 *                       campaign id and member id, so the same members are held out on every run
 * @param starts         first local day it runs (null: always)
 * @param ends           last local day it runs, inclusive (null: never ends)
 */
public record Campaign(String id, Trigger trigger, String audience, int controlPercent, MessagePurpose purpose,
        List<Action> actions, List<FollowUp> followUps, LocalDate starts, LocalDate ends, boolean enabled) {

    public Campaign {
        actions = List.copyOf(actions);
        followUps = List.copyOf(followUps);
    }

    /**
     * Whether the member is held out in this campaign's control group: a SHA-256 of campaign id and member id
     * mapped to 0..99 falls under {@code controlPercent}. No state and no randomness, so the answer is the same on
     * every run and every instance, and different campaigns hold out different members.
     */
    public boolean inControlGroup(MemberId member) {
        return controlPercent > 0 && bucket(id, member) < controlPercent;
    }

    /** 0..99, uniform over members. */
    static int bucket(String campaignId, MemberId member) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + ':' + member.value()).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                v = (v << 8) | (digest[i] & 0xFF);
            }
            return (int) Long.remainderUnsigned(v, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public boolean activeOn(LocalDate day) {
        return enabled && (starts == null || !day.isBefore(starts)) && (ends == null || !day.isAfter(ends));
    }
}
