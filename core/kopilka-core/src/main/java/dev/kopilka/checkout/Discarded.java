package dev.kopilka.checkout;

import dev.kopilka.ledger.Balance;

/** A discarded hold: its reserved points went back to the member. */
public record Discarded(String ticket, String txid, long pointsReleased, Balance balance) {
}
