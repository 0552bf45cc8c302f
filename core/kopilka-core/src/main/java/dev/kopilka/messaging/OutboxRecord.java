package dev.kopilka.messaging;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as the outbox keeps it: what was enqueued plus everything that happened to it.
 *
 * @param dueAt             when it may be claimed next (its {@code notBefore}, then each retry time)
 * @param attempts          sends started so far (a claim counts one; a deferral for a rate limit does not)
 * @param channel           the channel of the last attempt, null before the first
 * @param providerMessageId the provider's id once accepted (matches delivery reports), else null
 * @param costKopecks       what the send cost, null until known (SMS may report it later)
 * @param parts             SMS segments (1 for Telegram), 0 until sent
 * @param deliveryStatus    the provider's later word, null until a delivery report arrives
 * @param lastError         why the last attempt failed, null if none
 * @param leaseToken        the claim that holds or last held it, null before the first claim
 * @param leaseUntil        when that claim's lease runs out, null when not claimed
 * @param sendStartedAt     when the claim's dispatcher started sending it, null while it only holds it: a lease
 *                          that runs out before a send started gives the message back untouched, one that runs out
 *                          after may hide a send that happened (the unknown window)
 */
public record OutboxRecord(OutboxMessage message, OutboxState state, Instant dueAt, int attempts, Channel channel,
        String providerMessageId, Long costKopecks, int parts, DeliveryStatus deliveryStatus, String lastError,
        String leaseToken, Instant leaseUntil, Instant sendStartedAt, Instant updatedAt) {

    public OutboxRecord {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A freshly enqueued message. */
    public static OutboxRecord pending(OutboxMessage message) {
        return new OutboxRecord(message, OutboxState.PENDING, message.notBefore(), 0, null, null, null, 0, null, null,
                null, null, null, message.createdAt());
    }

    public String id() {
        return message.id();
    }
}
