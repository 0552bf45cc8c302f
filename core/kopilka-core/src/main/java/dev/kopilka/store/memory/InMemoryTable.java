package dev.kopilka.store.memory;

/** Base of the in-memory per-feature stores: every write registers its undo with the transaction log. */
public abstract class InMemoryTable {

    private final TransactionLog log;

    protected InMemoryTable(TransactionLog log) {
        this.log = log;
    }

    /** Call right after applying a write, with the action that reverts it. */
    protected final void undoable(Runnable undoAction) {
        log.onRollback(undoAction);
    }

    /** Fails fast when a write is attempted in a read-only transaction, before anything changes. */
    protected final void requireWritable() {
        log.onRollback(() -> { });
    }
}
