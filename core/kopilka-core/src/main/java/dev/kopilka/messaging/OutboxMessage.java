package dev.kopilka.messaging;

import dev.kopilka.Require;
import dev.kopilka.member.MemberId;
import java.time.Instant;

/**
 * A message to enqueue in the outbox, written in the same transaction as the change that caused it.
 *
 * @param id          our reference of the message (also given to gateways for de-duplication)
 * @param dedupeKey   unique within the program: a second enqueue with the same key is ignored, so a re-run
 *                    sweep or a retried event never messages anyone twice (e.g. {@code welcome:<member>})
 * @param campaignId  the campaign that sent it, null for a transactional message outside campaigns
 * @param text        plain text, already rendered from its template
 * @param notBefore   not sent earlier (quiet hours and follow-up delays defer, they never drop)
 * @param expiresAt   not sent after this (a birthday greeting a week late is worse than none); null: never stale
 */
public record OutboxMessage(String id, MemberId member, String dedupeKey, MessagePurpose purpose, String campaignId,
        String text, Instant createdAt, Instant notBefore, Instant expiresAt) {

    public OutboxMessage {
        Require.token(id, "message.id", 64);
        Require.present(member, "message.member");
        Require.token(dedupeKey, "message.dedupeKey", 200);
        Require.present(purpose, "message.purpose");
        Require.present(text, "message.text");
        Require.present(createdAt, "message.createdAt");
        Require.present(notBefore, "message.notBefore");
        if (campaignId != null) {
            Require.token(campaignId, "message.campaignId", 128);
        }
        Require.that(expiresAt == null || expiresAt.isAfter(notBefore), "message.expiresAt",
                "must be after notBefore", expiresAt);
    }
}
