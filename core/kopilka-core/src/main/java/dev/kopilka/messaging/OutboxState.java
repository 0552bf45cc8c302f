package dev.kopilka.messaging;

/**
 * Where a message is in its life. {@code PENDING → SENDING → SENT | FAILED (due again at its retry time) | DEAD |
 * UNKNOWN}; {@code UNDELIVERABLE} and {@code EXPIRED} end a message without a send. Nothing ever leaves the
 * outbox: every message ends in one of the final states, where an operator can see it.
 */
public enum OutboxState {
    /** Waiting for its {@code dueAt}. */
    PENDING(false),
    /** Claimed by a dispatcher under a lease; the send may be in flight. */
    SENDING(false),
    /** A provider accepted it (its delivery status may still change through delivery reports). */
    SENT(true),
    /** The last attempt failed temporarily; due again at {@code dueAt}. */
    FAILED(false),
    /** Failed on every attempt allowed ({@code kopilka.messaging.max-attempts}); handed to the listener. */
    DEAD(true),
    /**
     * The dispatcher lost track of a send that may have reached the provider (it crashed or timed out after
     * sending, before recording the answer). Not resent automatically when it is marketing (see
     * {@code kopilka.messaging.resend-unknown}); reported to the listener.
     */
    UNKNOWN(true),
    /** No channel of the cascade can reach the member (no consent, no address, unreachable everywhere). */
    UNDELIVERABLE(true),
    /** Its {@code expiresAt} passed before it could be sent. */
    EXPIRED(true);

    private final boolean terminal;

    OutboxState(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the message is done with (no dispatcher will touch it again). */
    public boolean isTerminal() {
        return terminal;
    }
}
