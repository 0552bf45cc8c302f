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
import java.util.function.Function;

/**
 * Runs a feature's work in one store transaction and publishes the events it raised only after the
 * commit, so listeners never see a change that was rolled back.
 */
public final class Transactor {

    private final KopilkaStore store;
    private final DomainEvents events;

    public Transactor(KopilkaStore store, DomainEvents events) {
        this.store = store;
        this.events = events;
    }

    /** The work's view of a writing transaction: the stores, plus an event buffer. */
    public static final class Work {
        private final StoreTransaction tx;
        private final List<DomainEvent> raised = new ArrayList<>();

        Work(StoreTransaction tx) {
            this.tx = tx;
        }

        public StoreTransaction tx() {
            return tx;
        }

        public void raise(DomainEvent event) {
            raised.add(event);
        }
    }

    public <T> T write(ProgramId program, Function<Work, T> work) {
        List<DomainEvent> committed = new ArrayList<>();
        T result = guard(program, () -> store.inTransaction(program, tx -> {
            // A store may run the work again (a unique-key race on SQL stores): keep the last attempt's events only.
            committed.clear();
            Work w = new Work(tx);
            T r = work.apply(w);
            committed.addAll(w.raised);
            return r;
        }));
        events.publish(committed);
        return result;
    }

    public <T> T read(ProgramId program, Function<StoreTransaction, T> work) {
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
