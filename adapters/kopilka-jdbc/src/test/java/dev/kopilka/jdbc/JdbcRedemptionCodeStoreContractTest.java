package dev.kopilka.jdbc;

import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.testkit.RedemptionCodeStoreContract;
import org.junit.jupiter.api.Nested;

/** The redemption code store contract on every supported database; each test uses its own program. */
class JdbcRedemptionCodeStoreContractTest {

    abstract static class OnDatabase extends RedemptionCodeStoreContract {
        abstract TestDatabases.Kind kind();

        @Override
        protected KopilkaStore createStore() {
            return JdbcStore.builder(TestDatabases.dataSource(kind())).build();
        }
    }

    @Nested
    class H2InMemory extends OnDatabase {
        @Override
        TestDatabases.Kind kind() {
            return TestDatabases.Kind.H2_MEMORY;
        }
    }

    @Nested
    class PostgreSql extends OnDatabase {
        @Override
        TestDatabases.Kind kind() {
            return TestDatabases.Kind.POSTGRESQL;
        }
    }

    @Nested
    class MariaDb extends OnDatabase {
        @Override
        TestDatabases.Kind kind() {
            return TestDatabases.Kind.MARIADB;
        }
    }
}
