package dev.kopilka.jdbc;

import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.testkit.MemberStatsContract;
import org.junit.jupiter.api.Nested;

/** Member statistics and segments on every supported database give the same members as in memory. */
class JdbcMemberStatsContractTest {

    abstract static class OnDatabase extends MemberStatsContract {
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
