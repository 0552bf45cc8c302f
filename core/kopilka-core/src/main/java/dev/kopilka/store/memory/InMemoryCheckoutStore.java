package dev.kopilka.store.memory;

import dev.kopilka.checkout.port.CheckoutStore;

/** In-memory {@link CheckoutStore}: the checkout records of one program. */
public final class InMemoryCheckoutStore extends InMemoryTable implements CheckoutStore {

    public InMemoryCheckoutStore(TransactionLog log) {
        super(log);
    }
}
