package dev.kopilka.analytics;

/**
 * Points the program owes at the report's time: available (active, not expired), pending (not active yet) and
 * held by open till tickets, with their money value at {@code kopilka.points.value}.
 */
public record Liability(long availablePoints, long pendingPoints, long heldPoints, long totalPoints,
        long moneyKopecks) {
}
