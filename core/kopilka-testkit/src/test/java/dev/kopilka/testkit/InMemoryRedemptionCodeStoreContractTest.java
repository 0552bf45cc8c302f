package dev.kopilka.testkit;

import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;

class InMemoryRedemptionCodeStoreContractTest extends RedemptionCodeStoreContract {

    @Override
    protected KopilkaStore createStore() {
        return new InMemoryStore();
    }
}
