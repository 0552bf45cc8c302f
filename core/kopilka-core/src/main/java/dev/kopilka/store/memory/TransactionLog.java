package dev.kopilka.store.memory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo log of the transaction currently running on one program's in-memory data. Only one writing
 * transaction runs per program at a time (the program's write lock), so a plain field is enough.
 */
public final class TransactionLog {

    // Set only by the writer holding the program's write lock; readers never touch it, and outside a writing
    // transaction it is null, so a write from a read-only transaction is refused.
    private Deque<Runnable> undo;

    void beginWrite() {
        undo = new ArrayDeque<>();
    }

    void commit() {
        undo = null;
    }

    void rollback() {
        Deque<Runnable> pending = undo;
        undo = null;
        if (pending != null) {
            while (!pending.isEmpty()) {
                pending.pop().run();
            }
        }
    }

    /**
     * Records how to take back a write that was just applied. Throws when called outside a writing
     * transaction: a write from a read-only transaction is a bug in the caller.
     */
    public void onRollback(Runnable undoAction) {
        if (undo == null) {
            throw new IllegalStateException("write outside a writing transaction");
        }
        undo.push(undoAction);
    }
}
