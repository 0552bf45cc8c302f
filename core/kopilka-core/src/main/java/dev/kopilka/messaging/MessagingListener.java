package dev.kopilka.messaging;

/**
 * Hears about messages that need a human: dead letters, sends in the unknown window, messages no channel can
 * deliver. Called after the state is committed, on the dispatcher's thread; keep it quick and never throw
 * (a throwing listener is logged and ignored).
 */
public interface MessagingListener {

    /** Failed on every attempt allowed; the record says why in {@code lastError}. */
    default void onDead(OutboxRecord record) {
    }

    /** May or may not have reached the member; it is not resent automatically when it is marketing. */
    default void onUnknown(OutboxRecord record) {
    }

    /** No channel could reach the member. */
    default void onUndeliverable(OutboxRecord record) {
    }

    /** A channel reported a failure an operator must fix (credentials, balance). */
    default void onChannelAlert(Channel channel, String reason) {
    }
}
