package dev.kopilka.testkit;

import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;

/** The embedded store passes the same contract as every adapter (checked here to avoid a core → testkit cycle). */
class InMemoryStoreContractTest extends KopilkaStoreContract {

    @Override
    protected KopilkaStore createStore() {
        return new InMemoryStore();
    }
}
