package dev.kopilka.internal;

import dev.kopilka.KopilkaException;
import dev.kopilka.ProgramId;
import dev.kopilka.StoreException;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.StoreTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Runs a feature's work in one store transaction and publishes the events it raised only after the
 * commit, so listeners never see a change that was rolled back.
 */
public final class Transactor {

    /** Events raised while handling events, per transaction: a guard against listeners feeding each other forever. */
    static final int MAX_EVENTS_PER_TRANSACTION = 10_000;

    private final KopilkaStore store;
    private final DomainEvents events;
    private final List<InTransactionListener> inTransaction = new CopyOnWriteArrayList<>();
    /**
     * The writing transaction this thread is inside, if any: a write called from an in-transaction listener (a
     * campaign granting points on a purchase) joins it instead of opening a second transaction that could
     * not see the uncommitted purchase and would wait on the member lock the first one holds.
     */
    private final ThreadLocal<Joined> current = new ThreadLocal<>();

    private record Joined(ProgramId program, Work work) {
    }

    public Transactor(KopilkaStore store, DomainEvents events) {
        this.store = store;
        this.events = events;
    }

    /** Adds a listener that runs inside every writing transaction, on each event it raised (see the interface). */
    public void addInTransactionListener(InTransactionListener listener) {
        inTransaction.add(listener);
    }

    /** The work's view of a writing transaction: the stores, plus an event buffer. */
    public static final class Work {
        private final StoreTransaction tx;
        private final List<DomainEvent> raised = new ArrayList<>();
        private final List<Runnable> afterCommit = new ArrayList<>();

        Work(StoreTransaction tx) {
            this.tx = tx;
        }

        public StoreTransaction tx() {
            return tx;
        }

        public void raise(DomainEvent event) {
            raised.add(event);
        }

        /**
         * Runs {@code action} once the store has committed this transaction, and only if the store itself commits
         * it (not in a transaction an integrator ends, whose outcome Kopilka never learns).
         */
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }
    }

    public <T> T write(ProgramId program, Function<Work, T> work) {
        Joined outer = current.get();
        if (outer != null) {
            if (!outer.program().equals(program)) {
                throw new IllegalStateException("a transaction of program " + outer.program().value()
                        + " cannot join a write of program " + program.value());
            }
            // Joined: the events go to the outer work, whose listeners and publication handle them.
            return work.apply(outer.work());
        }
        List<DomainEvent> committed = new ArrayList<>();
        List<Runnable> afterCommit = new ArrayList<>();
        boolean[] ownCommit = {false};
        T result = guard(program, () -> store.inTransaction(program, tx -> {
            // A store may run the work again (a unique-key race on SQL stores): keep the last attempt's events only.
            committed.clear();
            afterCommit.clear();
            Work w = new Work(tx);
            current.set(new Joined(program, w));
            try {
                T r = work.apply(w);
                handleInTransaction(program, w);
                committed.addAll(w.raised);
                afterCommit.addAll(w.afterCommit);
                ownCommit[0] = tx.commitsOnReturn();
                return r;
            } finally {
                current.remove();
            }
        }));
        events.publish(committed);
        if (ownCommit[0]) {
            afterCommit.forEach(Runnable::run);
        }
        return result;
    }

    /** Hands every raised event, including those raised by listeners, to the in-transaction listeners in order. */
    private void handleInTransaction(ProgramId program, Work w) {
        if (inTransaction.isEmpty()) {
            return;
        }
        for (int i = 0; i < w.raised.size(); i++) {
            if (i >= MAX_EVENTS_PER_TRANSACTION) {
                throw new IllegalStateException("in-transaction listeners raised more than " + MAX_EVENTS_PER_TRANSACTION
                        + " events in one transaction of program " + program.value() + "; a listener loops");
            }
            DomainEvent event = w.raised.get(i);
            for (InTransactionListener listener : inTransaction) {
                listener.on(event, w);
            }
        }
    }

    public <T> T read(ProgramId program, Function<StoreTransaction, T> work) {
        Joined outer = current.get();
        if (outer != null && outer.program().equals(program)) {
            // Inside a write: read its uncommitted state rather than a second transaction's view.
            return work.apply(outer.work().tx());
        }
        return guard(program, () -> store.readOnly(program, work::apply));
    }

    private static <T> T guard(ProgramId program, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KopilkaException | Error e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            // A bug in Kopilka or a store adapter, not the store's failure: let it surface as it is.
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("store failed; the transaction was rolled back",
                    Map.of("program", program.value()), e);
        }
    }
}
