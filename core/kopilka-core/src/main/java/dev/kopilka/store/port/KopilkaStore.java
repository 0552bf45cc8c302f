package dev.kopilka.store.port;

import dev.kopilka.ProgramId;

/**
 * The secondary port for persistence: a transactional store of everything a program owns.
 *
 * <p>Contract (checked by {@code KopilkaStoreContract} in kopilka-testkit):
 * <ul>
 *   <li>{@link #inTransaction} commits all writes of the work atomically when it returns, and none of them
 *       when it throws; the exception reaches the caller unchanged (store failures as
 *       {@link dev.kopilka.StoreException}).</li>
 *   <li>Writes of one program are never visible from another program.</li>
 *   <li>{@code MemberStore.lock} serialises writers on that member until the transaction ends.</li>
 *   <li>{@link #readOnly} sees a consistent view and must not write.</li>
 * </ul>
 */
public interface KopilkaStore extends AutoCloseable {

    <T> T inTransaction(ProgramId program, TransactionWork<T> work);

    <T> T readOnly(ProgramId program, TransactionWork<T> work);

    /** Releases resources (pools, files). The in-memory store has none. */
    @Override
    default void close() {
    }
}
