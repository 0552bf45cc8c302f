package dev.kopilka.internal;

import dev.kopilka.event.DomainEvent;
import dev.kopilka.event.DomainEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers committed events to the registered listeners; a failing listener is logged, never propagated. */
public final class DomainEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DomainEvents.class);

    private final List<DomainEventListener> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(DomainEventListener listener) {
        listeners.add(listener);
    }

    public void publish(List<? extends DomainEvent> events) {
        for (DomainEvent event : events) {
            for (DomainEventListener listener : listeners) {
                try {
                    listener.on(event);
                } catch (RuntimeException e) {
                    // The change is committed; a listener's bug must not turn it into a failure at the till.
                    LOG.error("Event listener {} failed on {}", listener, event, e);
                }
            }
        }
    }
}
