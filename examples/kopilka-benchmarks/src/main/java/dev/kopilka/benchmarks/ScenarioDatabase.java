package dev.kopilka.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What the JDBC scenarios share: their command-line arguments, their pool and their row counts. */
final class ScenarioDatabase {

    private ScenarioDatabase() {
    }

    /** Argument {@code i}, or {@code fallback} when fewer were given. */
    static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }

    /** A pool as Kopilka expects it (no auto-commit); on PostgreSQL batched inserts are rewritten to multi-row. */
    static HikariDataSource pool(String url, String user, String password, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(size);
        hikari.setAutoCommit(false);
        if (isPostgres(url)) {
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return new HikariDataSource(hikari);
    }

    static boolean isPostgres(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    /**
     * What autovacuum would have done by now on a production server (the benchmark server may run without it): the
     * planner needs statistics to look members up by their primary key rather than filter a whole program.
     * Nothing outside PostgreSQL.
     */
    static void analyze(DataSource pool, String url, String... tables) throws SQLException {
        if (!isPostgres(url)) {
            return;
        }
        try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("ANALYZE " + table);
            }
            c.commit();
        }
    }

    /**
     * VACUUM ANALYZE (PostgreSQL; autovacuum is off on the benchmark machine): after a bulk update, so the measured
     * scans read no dead row versions, as they would not with autovacuum on.
     */
    static void vacuumAnalyze(DataSource pool, String url, String... tables) throws SQLException {
        if (!isPostgres(url)) {
            return;
        }
        try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                for (String table : tables) {
                    s.execute("VACUUM ANALYZE " + table);
                }
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** The single number {@code sql} returns for the program bound to its only parameter. */
    static long count(DataSource pool, String sql, String program) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, program);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                c.commit();
                return n;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
