package dev.kopilka.campaign;

import java.time.Duration;

/**
 * A message sent {@code delay} after a treated member's participation, if the condition still holds when the
 * sweep of its due day checks it ("3 days later, if the welcome code is still unused, remind").
 */
public record FollowUp(Duration delay, Condition condition, String template) {

    public enum Condition {
        ALWAYS,
        /** The promo code the campaign issued has not been used. */
        PROMO_UNUSED,
        /** The member has not bought since the participation. */
        NO_PURCHASE_SINCE
    }
}
