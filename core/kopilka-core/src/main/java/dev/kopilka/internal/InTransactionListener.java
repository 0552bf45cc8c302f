package dev.kopilka.internal;

import dev.kopilka.event.DomainEvent;

/**
 * Reacts to an event <em>inside</em> the transaction that raised it, before the commit: member statistics,
 * event-triggered campaigns and their outbox messages are written atomically with the purchase or registration
 * that caused them. If the listener throws, the whole change rolls back, so keep it to store writes.
 *
 * <p>Events the listener raises through {@link Transactor.Work#raise} are handed to the in-transaction
 * listeners too (a campaign's grant raises {@code PointsEarned}), and all are published after the commit.
 */
@FunctionalInterface
public interface InTransactionListener {

    void on(DomainEvent event, Transactor.Work work);
}
