package dev.kopilka.checkout;

/**
 * What a return does with redeemed points whose original lot expired between the purchase and the return.
 * Key: {@code kopilka.returns.expired-lot-policy}.
 */
public enum ExpiredLotReturnPolicy {
    /** Give them back as a new lot valid for {@code kopilka.returns.regrant-validity}. */
    REGRANT,
    /** Give them back to the expired lot, where they are expired at once (recorded in the statement). */
    EXPIRE
}
