package dev.kopilka.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the JDBC tests run on. PostgreSQL and MariaDB are expected at 127.0.0.1 (override with
 * KOPILKA_PG_URL / KOPILKA_PG_USER / KOPILKA_PG_PASSWORD and KOPILKA_MARIADB_URL / _USER / _PASSWORD). When
 * one is unreachable its tests are skipped with a notice — except under {@code CI=true}, where that is a failure.
 */
final class TestDatabases {

    enum Kind { H2_MEMORY, H2_FILE, POSTGRESQL, MARIADB }

    private static final Map<Kind, HikariDataSource> POOLS = new ConcurrentHashMap<>();

    private TestDatabases() {
    }

    static DataSource dataSource(Kind kind) {
        return POOLS.computeIfAbsent(kind, TestDatabases::open);
    }

    /** URL, user and password of a database, for processes the tests start. */
    static String[] connection(Kind kind) {
        return settings(kind);
    }

    private static String[] settings(Kind kind) {
        return switch (kind) {
            case H2_MEMORY -> new String[] {"jdbc:h2:mem:kopilka-tests;DB_CLOSE_DELAY=-1", "sa", ""};
            case H2_FILE -> new String[] {"jdbc:h2:file:./target/h2/kopilka-tests", "sa", ""};
            case POSTGRESQL -> new String[] {env("KOPILKA_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                    env("KOPILKA_PG_USER", "postgres"), env("KOPILKA_PG_PASSWORD", "")};
            case MARIADB -> new String[] {env("KOPILKA_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
                    env("KOPILKA_MARIADB_USER", "root"), env("KOPILKA_MARIADB_PASSWORD", "")};
        };
    }

    private static HikariDataSource open(Kind kind) {
        String[] c = settings(kind);
        String url = c[0];
        String user = c[1];
        String password = c[2];
        requireReachable(kind, url, user, password);
        HikariConfig config = new HikariConfig();
        config.setPoolName("test-" + kind);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(kind == Kind.H2_MEMORY || kind == Kind.H2_FILE ? 8 : 10);
        config.setAutoCommit(false);
        if (kind == Kind.POSTGRESQL) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return new HikariDataSource(config);
    }

    private static void requireReachable(Kind kind, String url, String user, String password) {
        if (kind == Kind.H2_MEMORY || kind == Kind.H2_FILE) {
            return;
        }
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.isValid(5);
        } catch (SQLException e) {
            String notice = kind + " is not reachable at " + url + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(notice + ": database tests are mandatory in CI");
            }
            System.err.println("NOTICE: " + notice + " — its tests are SKIPPED. Start it, or set CI=true to fail.");
            Assumptions.abort(notice);
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
