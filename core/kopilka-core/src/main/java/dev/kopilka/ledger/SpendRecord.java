package dev.kopilka.ledger;

import dev.kopilka.member.MemberId;
import java.time.Instant;

/** Money a member paid (positive) or got back by a return (negative), in kopecks. Tiers are computed from these. */
public record SpendRecord(MemberId member, Instant at, long kopecks, String reference) {
}
