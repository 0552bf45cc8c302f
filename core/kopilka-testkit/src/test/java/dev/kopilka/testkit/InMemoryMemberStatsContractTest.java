package dev.kopilka.testkit;

import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;

/** The embedded store passes the statistics and segment contract. */
class InMemoryMemberStatsContractTest extends MemberStatsContract {

    @Override
    protected KopilkaStore createStore() {
        return new InMemoryStore();
    }
}
