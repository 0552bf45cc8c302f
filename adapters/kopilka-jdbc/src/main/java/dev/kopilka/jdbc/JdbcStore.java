package dev.kopilka.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.ProgramId;
import dev.kopilka.StoreException;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.config.SettingsReader;
import dev.kopilka.jdbc.internal.Dialect;
import dev.kopilka.jdbc.internal.JdbcTransaction;
import dev.kopilka.jdbc.internal.Json;
import dev.kopilka.jdbc.internal.Sql;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.TransactionWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store on H2, PostgreSQL or MariaDB. One Kopilka operation is one database transaction with one
 * commit: the member's row is locked ({@code SELECT ... FOR UPDATE}), everything the operation writes —
 * entries, lots, the sale and its idempotency record — is batched into that transaction.
 *
 * <pre>{@code
 * KopilkaStore store = JdbcStore.fromConfig(config);              // kopilka.jdbc.* (embedded H2 by default)
 * KopilkaStore store = JdbcStore.builder(myDataSource).build();   // an integrator's pool
 * }</pre>
 *
 * <p>Transactions run at READ COMMITTED. When two transactions race to insert the same key (two tills sending
 * the same new receipt from different members, two registrations of one phone), the loser is run again and then
 * sees the winner's row, so callers get the stored result or a refusal, never a raw constraint violation.
 */
public final class JdbcStore implements KopilkaStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    public static final String URL = "kopilka.jdbc.url";
    public static final String USER = "kopilka.jdbc.user";
    public static final String PASSWORD = "kopilka.jdbc.password";
    public static final String POOL_SIZE = "kopilka.jdbc.pool-size";
    public static final String MIGRATE = "kopilka.jdbc.migrate";
    public static final String TABLE_PREFIX = "kopilka.jdbc.table-prefix";
    /** Every {@code kopilka.jdbc.*} key. */
    public static final List<String> KEYS = List.of(URL, USER, PASSWORD, POOL_SIZE, MIGRATE, TABLE_PREFIX);

    /** With no URL configured: a file database under {@code ./data/}, so a newcomer needs nothing installed. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/kopilka";
    /** HikariCP's pool-sizing advice for a small database server: (2 x cores) + 1 with 2 cores. */
    public static final int DEFAULT_POOL_SIZE = 5;
    public static final String DEFAULT_TABLE_PREFIX = "kopilka_";
    /** Statements an H2 session keeps parsed (H2's own default is 8); a URL that sets QUERY_CACHE_SIZE wins. */
    public static final int H2_QUERY_CACHE_SIZE = 256;
    /** Attempts of a transaction that lost a unique-key race. */
    static final int MAX_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private final String prefix;
    private final Dialect dialect;
    /** The PostgreSQL driver, which lets a transaction's last writes carry its COMMIT (see JdbcTransaction). */
    private final boolean pgjdbc;
    private final Json json = new Json();
    /** The integrator's connection while Kopilka calls run inside their transaction ({@link #joining}). */
    private final ThreadLocal<Connection> joined = new ThreadLocal<>();

    private JdbcStore(DataSource dataSource, AutoCloseable ownedPool, String prefix, boolean migrate) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.prefix = prefix;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c);
            this.pgjdbc = dialect == Dialect.POSTGRESQL
                    && c.getMetaData().getDriverName().startsWith("PostgreSQL JDBC");
        } catch (SQLException e) {
            throw Sql.failure("connect to the database", e);
        }
        if (migrate) {
            migrate();
        }
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** A store with its own HikariCP pool from {@code kopilka.jdbc.*}; closing the store closes the pool. */
    public static JdbcStore fromConfig(KopilkaConfig config) {
        SettingsReader r = new SettingsReader(config);
        PoolSettings settings = PoolSettings.read(r);
        r.throwIfAny();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("kopilka");
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.user());
        hikari.setPassword(config.get(PASSWORD));
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setConnectionTimeout(10_000);
        hikari.setAutoCommit(false);
        if (settings.url().startsWith("jdbc:postgresql:")) {
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database pool for " + settings.url(),
                    Map.of("url", settings.url()), e);
        }
        try {
            return new JdbcStore(pool, pool, settings.tablePrefix(), settings.migrate());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Every problem of the {@code kopilka.jdbc.*} keys, without connecting (checked when Kopilka is built); an
     * unknown {@code kopilka.jdbc.*} key is one, with the closest known key as suggestion.
     */
    public static List<ConfigProblem> problems(KopilkaConfig config) {
        SettingsReader r = new SettingsReader(config);
        PoolSettings.read(r);
        return r.problems();
    }

    /**
     * The {@code kopilka.jdbc.*} keys, read and checked once; problems go to the reader. An H2 URL gets H2's
     * statement cache raised to {@link #H2_QUERY_CACHE_SIZE} unless it sets one itself.
     */
    private record PoolSettings(String url, String user, int poolSize, boolean migrate, String tablePrefix) {

        static PoolSettings read(SettingsReader r) {
            String url = r.text(URL, DEFAULT_URL);
            boolean h2 = url.startsWith("jdbc:h2:");
            if (!h2 && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:mariadb:")
                    && !url.startsWith("jdbc:mysql:")) {
                r.problem(URL, "must be a jdbc:h2:, jdbc:postgresql: or jdbc:mariadb: URL", url);
            }
            int poolSize = r.integer(POOL_SIZE, String.valueOf(DEFAULT_POOL_SIZE), 1, 200);
            boolean migrate = r.bool(MIGRATE, "true");
            String tablePrefix = r.text(TABLE_PREFIX, DEFAULT_TABLE_PREFIX);
            if (!tablePrefix.matches("[a-z][a-z0-9_]{0,15}")) {
                r.problem(TABLE_PREFIX, "must be 1-16 of a-z, 0-9 and _, starting with a letter", tablePrefix);
            }
            r.rejectUnknownKeys("kopilka.jdbc.", KEYS);
            String user = r.text(USER, h2 ? "sa" : null);
            return new PoolSettings(h2 ? withH2QueryCache(url) : url, user, poolSize, migrate, tablePrefix);
        }
    }

    /**
     * H2 parses a statement again once it falls out of the session's statement cache, 8 by default, and one
     * purchase alone runs more distinct statements than that: a bigger cache is a fifth less CPU per purchase.
     */
    static String withH2QueryCache(String url) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(";QUERY_CACHE_SIZE=") ? url
                : url + ";QUERY_CACHE_SIZE=" + H2_QUERY_CACHE_SIZE;
    }

    /** Applies the shipped migrations (Flyway, history table {@code <prefix>schema_history}). */
    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .table(prefix + "schema_history")
                .placeholders(Map.of("prefix", prefix))
                .baselineOnMigrate(false)
                .load()
                .migrate();
        LOG.info("Kopilka schema is up to date on {} (table prefix '{}')", dialect, prefix);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs Kopilka calls on the caller's own connection and transaction, so the POS's sale and the loyalty change
     * commit (or roll back) together. Kopilka neither commits nor rolls back that connection: the caller does.
     *
     * <pre>{@code
     * connection.setAutoCommit(false);
     * insertSale(connection, sale);                                        // the POS's own tables
     * store.joining(connection, () -> kopilka.checkout().purchase(program, txid, receipt));
     * connection.commit();                                                 // both, or neither
     * }</pre>
     *
     * <p>Within it a unique-key race is not retried (the caller's transaction is already spoiled): it surfaces as
     * a {@link StoreException}; roll back and call again. Events are published when each Kopilka call returns,
     * before the caller's commit.
     */
    public <T> T joining(Connection connection, java.util.function.Supplier<T> calls) {
        Objects.requireNonNull(connection, "connection");
        Connection outer = joined.get();
        joined.set(connection);
        try {
            return calls.get();
        } finally {
            if (outer == null) {
                joined.remove();
            } else {
                joined.set(outer);
            }
        }
    }

    @Override
    public <T> T inTransaction(ProgramId program, TransactionWork<T> work) {
        Connection external = joined.get();
        if (external != null) {
            JdbcTransaction tx = JdbcTransaction.joined(external, program, prefix, json, false, dialect);
            T result = work.execute(tx);
            tx.flush(); // the caller commits
            return result;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return run(program, work, false);
            } catch (Sql.UniqueViolation race) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw race;
                }
                LOG.debug("Transaction of {} lost a unique-key race (attempt {}); running it again", program, attempt);
            }
        }
    }

    @Override
    public <T> T readOnly(ProgramId program, TransactionWork<T> work) {
        Connection external = joined.get();
        if (external != null) {
            return work.execute(JdbcTransaction.joined(external, program, prefix, json, true, dialect));
        }
        return run(program, work, true);
    }

    private <T> T run(ProgramId program, TransactionWork<T> work, boolean readOnly) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            if (dialect == Dialect.MARIADB) {
                // MariaDB defaults to REPEATABLE READ, whose snapshot would hide a receipt committed by another
                // till while we waited for the member lock. PostgreSQL and H2 default to READ COMMITTED already,
                // and setting it costs PostgreSQL a round trip on every transaction.
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            try {
                JdbcTransaction tx = transaction(c, program, readOnly);
                T result = work.execute(tx);
                tx.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } catch (SQLException e) {
                rollback(c, e);
                throw Sql.failure("commit", e);
            }
        } catch (SQLException e) {
            throw Sql.failure("open a transaction", e);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // the connection is broken; the pool discards it
        }
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                LOG.warn("Closing the database pool failed", e);
            }
        }
    }

    private JdbcTransaction transaction(Connection c, ProgramId program, boolean readOnly) {
        return JdbcTransaction.open(c, program, prefix, json, readOnly, dialect, pgjdbc);
    }

    /** A store over an integrator's {@link DataSource} (which the store does not close). */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private boolean migrate = true;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        public Builder tablePrefix(String prefix) {
            if (!prefix.matches("[a-z][a-z0-9_]{0,15}")) {
                throw new IllegalArgumentException("table prefix must be 1-16 of a-z, 0-9 and _: '" + prefix + "'");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /** Whether to apply the migrations on start (default true); integrators with their own tooling say false. */
        public Builder migrate(boolean apply) {
            this.migrate = apply;
            return this;
        }

        public JdbcStore build() {
            return new JdbcStore(dataSource, null, tablePrefix, migrate);
        }
    }

}
