package dev.kopilka.ledger.port;

import dev.kopilka.member.MemberId;
import dev.kopilka.RequestFingerprint;

/**
 * What an idempotent grant or adjustment did, kept forever under its key: the request's fields (to detect
 * a conflicting retry) and the entry written (to answer a replay identically).
 */
public record AdjustmentRecord(String key, MemberId member, RequestFingerprint request, String entryId) {
}
