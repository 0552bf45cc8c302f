package dev.kopilka.store.memory;

import dev.kopilka.ledger.port.LedgerStore;

/** In-memory {@link LedgerStore}: the ledger of one program. */
public final class InMemoryLedgerStore extends InMemoryTable implements LedgerStore {

    public InMemoryLedgerStore(TransactionLog log) {
        super(log);
    }
}
