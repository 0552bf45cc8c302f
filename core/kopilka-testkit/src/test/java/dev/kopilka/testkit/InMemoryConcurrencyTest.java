package dev.kopilka.testkit;

import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;

/** The embedded store under 32 racing tills. */
class InMemoryConcurrencyTest extends KopilkaConcurrencyContract {

    private final InMemoryStore store = new InMemoryStore();

    @Override
    protected KopilkaStore createStore() {
        return store;
    }
}
