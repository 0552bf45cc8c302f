package dev.kopilka.jdbc;

import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.testkit.KopilkaStoreContract;
import org.junit.jupiter.api.Nested;

/** The store contract on every supported database; each test uses its own program, so runs never collide. */
class JdbcStoreContractTest {

    abstract static class OnDatabase extends KopilkaStoreContract {
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
    class H2File extends OnDatabase {
        @Override
        TestDatabases.Kind kind() {
            return TestDatabases.Kind.H2_FILE;
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
