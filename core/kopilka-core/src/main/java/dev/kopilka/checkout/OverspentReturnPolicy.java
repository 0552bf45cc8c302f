package dev.kopilka.checkout;

/**
 * What a return does when the points the purchase earned have already been spent.
 * Key: {@code kopilka.returns.overspent-policy}.
 */
public enum OverspentReturnPolicy {
    /** Take them back anyway: the member's balance goes negative (a debt repaid from future points). */
    NEGATIVE_BALANCE,
    /** Take back only what is available and record the rest as a shortfall on the return. */
    CAP_AT_AVAILABLE
}
