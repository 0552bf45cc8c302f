package dev.kopilka.checkout;

import dev.kopilka.ledger.Balance;
import java.time.Instant;

/** An open two-phase purchase: points are reserved until {@code expiresAt}; confirm or discard it. */
public record Ticket(String ticket, String txid, Calculation calculation, Instant heldAt, Instant expiresAt,
        Balance balance) {
}
