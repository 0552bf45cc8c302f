package dev.kopilka.ledger;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberRef;
import java.util.List;

/**
 * The points ledger of a program: balances, statements, grants and deductions. Purchases and returns go
 * through {@code dev.kopilka.checkout.Checkout}. Obtain it from {@code Kopilka.ledger()}.
 */
public interface Ledger {

    /** The member's balance now. Refused only when the member does not exist. */
    Outcome<Balance> balance(ProgramId program, MemberRef member);

    /** Every entry of the member, oldest first, including expiries that happened since the last write. */
    Outcome<List<LedgerEntry>> statement(ProgramId program, MemberRef member);

    /** Lots still holding points, soonest expiry first. */
    Outcome<List<Lot>> lots(ProgramId program, MemberRef member);

    /** Gives points; replaying the same key returns the first result, a different request is refused. */
    Outcome<LedgerEntry> grant(ProgramId program, MemberRef member, Grant grant);

    /** Takes points away (never below zero); idempotent on the key like {@link #grant}. */
    Outcome<LedgerEntry> deduct(ProgramId program, MemberRef member, Deduction deduction);

    /**
     * Writes what happened since the member's last write (expiries, released holds, activations, tier
     * reviews) and publishes their events. Balances never need this; campaigns and statements like it.
     */
    Outcome<Balance> settle(ProgramId program, MemberRef member);
}
