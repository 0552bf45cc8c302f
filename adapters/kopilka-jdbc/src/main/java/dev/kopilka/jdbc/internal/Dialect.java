package dev.kopilka.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases Kopilka's schema is written for. */
public enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql"),
    MARIADB("mariadb");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Where the dialect's versioned migrations are on the classpath (also for integrators' own tools). */
    public String migrationLocation() {
        return "classpath:dev/kopilka/jdbc/migration/" + migrationFolder;
    }

    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("unsupported database '" + product + "': Kopilka runs on H2, PostgreSQL "
                + "and MariaDB");
    }
}
