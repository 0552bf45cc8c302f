package dev.kopilka.ledger;

/** Kinds of ledger entries. The sum of the {@code points} of all entries of a member is their balance total. */
public enum EntryType {
    /** Points earned by a purchase (a new lot, possibly pending). */
    EARN,
    /** Points granted: welcome, campaign, manual (a new lot). */
    GRANT,
    /** Points spent at the till by a one-shot purchase. */
    REDEEM,
    /** Points reserved by an open till ticket (already taken from their lots). */
    HOLD,
    /** A hold confirmed: its points are now redeemed (no change to the balance). */
    CONFIRM,
    /** A hold discarded or timed out: its points went back to their lots. */
    RELEASE,
    /** Points that reached their expiry (lot validity or the inactivity rule). */
    EXPIRE,
    /** Earned points taken back because the purchase was returned. */
    CLAWBACK,
    /** Redeemed points given back because the purchase was returned. */
    RESTORE,
    /** Manual deduction by staff. */
    DEDUCT,
    /** Points taken from new lots to repay a negative balance left by a return. */
    DEBT_REPAID
}
