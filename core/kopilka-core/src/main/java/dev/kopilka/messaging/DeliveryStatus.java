package dev.kopilka.messaging;

/** What a provider later reported about a message it accepted. */
public enum DeliveryStatus {
    /** Still on its way (queued at the gateway or the operator). */
    PENDING,
    DELIVERED,
    /** Not delivered: rejected by the operator, phone off too long, expired. */
    FAILED
}
