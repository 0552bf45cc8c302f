package dev.kopilka.messaging.port;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secondary port: the outbox of one program, bound to one store transaction. Messages enqueued here commit or
 * roll back with the change that caused them. Checked by {@code OutboxStoreContract} in kopilka-testkit.
 *
 * <p>Every state change after the claim names the claim's {@code leaseToken} and succeeds only while the message
 * is still held by that claim: a dispatcher that lost its lease (it stalled and another one took the message
 * over) changes nothing and learns so from the {@code false} it gets back.
 */
public interface OutboxStore {

    /**
     * Adds the messages whose {@code dedupeKey} is not in the outbox yet (nor twice in the batch); the others
     * are ignored. Returns how many were added.
     */
    int enqueue(Collection<OutboxMessage> messages);

    // ------------------------------------------------------------------------------------------ dispatch

    /**
     * Claims up to {@code limit} messages that are {@code PENDING} or {@code FAILED} with {@code dueAt <= now},
     * earliest due first: each becomes {@code SENDING} under {@code leaseToken} until {@code now + lease}, its
     * attempts counted one up. Two transactions claiming at once never get the same message (SQL stores skip
     * rows another claimer locked).
     */
    List<OutboxRecord> claim(String leaseToken, Instant now, Duration lease, int limit);

    /**
     * Records that the claim starts sending these messages now (one statement for a chunk of sends). From here
     * on a lost lease means the send may have happened.
     */
    int markSendStarted(Collection<String> ids, String leaseToken, Instant at);

    /** {@code SENDING} messages whose lease ran out before {@code now} (their dispatcher died or stalled). */
    List<OutboxRecord> expiredLeases(Instant now, int limit);

    /**
     * The provider accepted the message. Also accepted from {@code UNKNOWN} by the same claim (a slow dispatcher
     * whose lease ran out learns the answer after all), so the record tells the truth.
     */
    boolean markSent(String id, String leaseToken, Channel channel, String providerMessageId, Long costKopecks,
            int parts, Instant at);

    /** One acceptance for {@link #markSentAll}. */
    record Acceptance(String id, Channel channel, String providerMessageId, Long costKopecks, int parts, Instant at) {
    }

    /**
     * {@link #markSent} for many messages of one claim at once (SQL stores: one batch). Returns the ids this claim
     * no longer held, which were not changed.
     */
    default List<String> markSentAll(String leaseToken, List<Acceptance> acceptances) {
        List<String> notHeld = new java.util.ArrayList<>();
        for (Acceptance a : acceptances) {
            if (!markSent(a.id(), leaseToken, a.channel(), a.providerMessageId(), a.costKopecks(), a.parts(), a.at())) {
                notHeld.add(a.id());
            }
        }
        return notHeld;
    }

    /**
     * The attempt failed temporarily: {@code FAILED}, due again at {@code retryAt}. With {@code countAttempt}
     * false the claim's attempt is given back and the message is {@code PENDING} again (a rate limit, a deferral
     * or a lease that ran out before the send started is not the message's fault).
     */
    boolean markRetry(String id, String leaseToken, Channel channel, Instant retryAt, String error,
            boolean countAttempt, Instant at);

    /** Ends the message in {@code DEAD}, {@code UNKNOWN}, {@code UNDELIVERABLE} or {@code EXPIRED}. */
    boolean markFinal(String id, String leaseToken, OutboxState state, Channel channel, String error, Instant at);

    /**
     * Applies a provider's delivery report to the message it accepted (status; cost when the report has it).
     * Returns false when no message of this program has that provider id.
     */
    boolean recordDelivery(DeliveryReport report, Instant at);

    // ------------------------------------------------------------------------------------------ queries

    /**
     * {@code SENT} messages of the channel still waiting for a final delivery report (none yet, or {@code PENDING}),
     * last updated at or after {@code updatedSince}, ordered by id after {@code afterIdExclusive} (null: from the
     * start), at most {@code limit}: what a channel that polls for reports must watch again after a restart.
     */
    List<OutboxRecord> awaitingReport(Channel channel, Instant updatedSince, String afterIdExclusive, int limit);


    Optional<OutboxRecord> find(String id);

    Optional<OutboxRecord> findByProviderId(Channel channel, String providerMessageId);

    /** How many messages are in each state (every state present, zero included): the backlog for health checks. */
    Map<OutboxState, Long> countByState();

    /** Messages in a state, oldest due first, at most {@code limit}. */
    List<OutboxRecord> inState(OutboxState state, int limit);

    /** Every message of one member, oldest first. */
    List<OutboxRecord> ofMember(MemberId member);

    /** Messages of a campaign ordered by id after {@code afterIdExclusive} (null: from the start), for reports. */
    List<OutboxRecord> ofCampaign(String campaignId, String afterIdExclusive, int limit);

    // ------------------------------------------------------------------------------------------ reachability

    /** Records that the member cannot be reached on the channel (blocked the bot, number gone); idempotent. */
    void markUnreachable(MemberId member, Channel channel, String reason, Instant at);

    /** Forgets an unreachable mark; returns whether there was one. */
    boolean markReachable(MemberId member, Channel channel);

    /** The channels the member is marked unreachable on. */
    java.util.Set<Channel> unreachableChannels(MemberId member);

    /** {@link #unreachableChannels(MemberId)} for many members at once; members without marks may be left out. */
    default Map<MemberId, java.util.Set<Channel>> unreachableChannels(Collection<MemberId> members) {
        Map<MemberId, java.util.Set<Channel>> marks = new java.util.HashMap<>();
        for (MemberId m : members) {
            java.util.Set<Channel> channels = unreachableChannels(m);
            if (!channels.isEmpty()) {
                marks.put(m, channels);
            }
        }
        return marks;
    }

    // ------------------------------------------------------------------------------------------ rate limits

    /**
     * Reserves up to {@code wanted} send slots on the channel, {@code interval} apart, shared by every dispatcher
     * of the program: the first slot is the later of {@code now} and the end of the last reservation, and no slot
     * lies after {@code horizon}. Spacing every send of a channel by {@code 1 s / rate} is what keeps any
     * one-second window at or under the rate across instances.
     */
    SendSlots reserveSlots(Channel channel, int wanted, Duration interval, Instant now, Instant horizon);
}
