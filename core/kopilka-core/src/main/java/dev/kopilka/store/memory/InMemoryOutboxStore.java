package dev.kopilka.store.memory;

import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.port.OutboxStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory {@link OutboxStore}: the outbox of one program, in enqueue order. */
public final class InMemoryOutboxStore extends InMemoryTable implements OutboxStore {

    private final Map<String, OutboxMessage> byDedupeKey = new LinkedHashMap<>();

    public InMemoryOutboxStore(TransactionLog log) {
        super(log);
    }

    @Override
    public int enqueue(Collection<OutboxMessage> messages) {
        requireWritable();
        int added = 0;
        for (OutboxMessage message : messages) {
            if (byDedupeKey.putIfAbsent(message.dedupeKey(), message) == null) {
                added++;
                undoable(() -> byDedupeKey.remove(message.dedupeKey()));
            }
        }
        return added;
    }

    /** Every message enqueued so far, oldest first. */
    public List<OutboxMessage> all() {
        return new ArrayList<>(byDedupeKey.values());
    }
}
