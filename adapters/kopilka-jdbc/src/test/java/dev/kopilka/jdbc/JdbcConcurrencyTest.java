package dev.kopilka.jdbc;

import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.testkit.KopilkaConcurrencyContract;
import org.junit.jupiter.api.Nested;

/** 32 racing tills on every database, under real row locks and unique keys. */
class JdbcConcurrencyTest {

    abstract static class OnDatabase extends KopilkaConcurrencyContract {
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
