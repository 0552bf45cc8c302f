package dev.kopilka.jdbc.internal;

import dev.kopilka.StoreException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;

/** Small JDBC conversions shared by the stores. Instants are stored as epoch nanoseconds (exact to 2262). */
public final class Sql {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Sql() {
    }

    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, nanos(instant));
        }
    }

    /** {@code n} parameter marks for an {@code IN (...)} list: "?, ?, ?". */
    public static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** An instant as the stored epoch nanoseconds. */
    public static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        long nanos = rs.getLong(column);
        if (rs.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    public static void setDate(PreparedStatement ps, int index, LocalDate day) throws SQLException {
        if (day == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setObject(index, day); // JDBC 4.2: no java.sql.Date, no calendar (a purchase binds two days)
        }
    }

    public static LocalDate getDate(ResultSet rs, String column) throws SQLException {
        Date day = rs.getDate(column);
        return day == null ? null : day.toLocalDate();
    }

    public static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    public static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A store failure with the operation named, so the log line says what Kopilka was doing. */
    public static StoreException failure(String operation, SQLException e) {
        if (isUniqueViolation(e)) {
            return new UniqueViolation(operation, e);
        }
        return new StoreException("database failed during " + operation + " (SQL state " + e.getSQLState() + ")",
                Map.of("operation", operation, "sqlState", String.valueOf(e.getSQLState()),
                        "errorCode", e.getErrorCode()), e);
    }

    static boolean isUniqueViolation(SQLException e) {
        // 23505: unique violation (PostgreSQL, H2); 1062: duplicate entry (MariaDB, state 23000)
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
    }

    /** Two transactions raced to insert the same key; the loser is retried and then sees the winner's row. */
    public static final class UniqueViolation extends StoreException {
        private static final long serialVersionUID = 1L;

        UniqueViolation(String operation, SQLException cause) {
            super("duplicate key during " + operation, Map.of("operation", operation,
                    "sqlState", String.valueOf(cause.getSQLState())), cause);
        }
    }
}
