package dev.kopilka.testkit;

import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;

class InMemoryAnalyticsStoreContractTest extends AnalyticsStoreContract {

    @Override
    protected KopilkaStore createStore() {
        return new InMemoryStore();
    }
}
