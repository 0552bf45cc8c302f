package dev.kopilka.messaging.port;

import dev.kopilka.messaging.OutboxMessage;
import java.util.Collection;

/**
 * Secondary port: the outbox of one program, bound to one store transaction. Messages enqueued here commit or
 * roll back with the change that caused them.
 */
public interface OutboxStore {

    /**
     * Adds the messages whose {@code dedupeKey} is not in the outbox yet (nor twice in the batch); the others
     * are ignored. Returns how many were added.
     */
    int enqueue(Collection<OutboxMessage> messages);
}
