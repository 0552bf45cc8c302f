package dev.kopilka.store.memory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo log of the transaction currently running on one program's in-memory data. Only one writing
 * transaction runs per program at a time (the program's write lock), so a plain field is enough.
 */
public final class TransactionLog {

    private Deque<Runnable> undo;
    private boolean readOnly;

    void beginWrite() {
        undo = new ArrayDeque<>();
        readOnly = false;
    }

    void beginRead() {
        readOnly = true;
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
        if (readOnly || undo == null) {
            throw new IllegalStateException("write outside a writing transaction");
        }
        undo.push(undoAction);
    }
}
