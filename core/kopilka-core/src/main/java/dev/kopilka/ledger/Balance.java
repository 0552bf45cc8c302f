package dev.kopilka.ledger;

import java.time.Instant;

/**
 * A member's points at one instant.
 *
 * @param available        spendable now (negative only while a return left a debt)
 * @param pending          earned but not yet active
 * @param nextPendingAt    when the next pending points activate (null if none)
 * @param reserved         held by open till tickets
 * @param debt             owed points included in {@code available}
 * @param expiringPoints   points of the soonest expiry among available points (0 if none expire)
 * @param expiringAt       when those points expire (null if none)
 * @param tier             the tier the next purchase earns at
 */
public record Balance(
        Instant asOf,
        long available,
        long pending,
        Instant nextPendingAt,
        long reserved,
        long debt,
        long expiringPoints,
        Instant expiringAt,
        String tier) {
}
