package dev.kopilka.event;

/**
 * Receives every {@link DomainEvent} after its change committed. Called synchronously on the caller's
 * thread; a listener that throws is logged and does not affect the committed change or other listeners.
 */
@FunctionalInterface
public interface DomainEventListener {

    void on(DomainEvent event);
}
