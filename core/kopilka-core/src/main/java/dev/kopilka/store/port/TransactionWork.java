package dev.kopilka.store.port;

/** A unit of work run inside one store transaction. */
@FunctionalInterface
public interface TransactionWork<T> {

    T execute(StoreTransaction tx);
}
