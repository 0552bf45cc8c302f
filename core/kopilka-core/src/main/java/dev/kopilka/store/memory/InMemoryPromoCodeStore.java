package dev.kopilka.store.memory;

import dev.kopilka.promo.port.PromoCodeStore;

/** In-memory {@link PromoCodeStore}: the promo codes of one program. */
public final class InMemoryPromoCodeStore extends InMemoryTable implements PromoCodeStore {

    public InMemoryPromoCodeStore(TransactionLog log) {
        super(log);
    }
}
