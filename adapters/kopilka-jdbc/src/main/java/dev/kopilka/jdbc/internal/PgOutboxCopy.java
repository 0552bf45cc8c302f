package dev.kopilka.jdbc.internal;

import dev.kopilka.messaging.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Large enqueues on PostgreSQL through pgjdbc's {@code COPY}. The server parses no statement text per row and binds
 * no parameters, which is what the multi-row insert spends most of its time on.
 *
 * <p>Both copies use the binary format ({@link CopyBinary}): the server parses no text, only checks the UTF-8 of
 * the character columns, and the JVM escapes nothing.
 *
 * <p><b>Directly, when nothing conflicts</b> (the usual case: a sweep's or a broadcast's new messages): the rows,
 * every column, are copied straight into the outbox inside a savepoint. {@code COPY} fills pages a thousand rows at a
 * time and has no conflict checks to make, so this costs what a bare {@code COPY} of the same rows costs. A row whose
 * id or dedupe key is already stored (or being stored by a concurrent transaction that then commits) fails the copy
 * with a unique violation, and only then:
 *
 * <p><b>Through a stage</b>: the savepoint is rolled back (the transaction's earlier work stays), the variable columns
 * are copied into a session-local temporary table and moved into the outbox by one {@code INSERT ... SELECT ... ON
 * CONFLICT DO NOTHING}, the dedupe semantics of the multi-row insert. The temporary table is created on first use in
 * a session ({@code IF NOT EXISTS}, every time: a transaction that created it may have rolled back) and keeps no rows
 * past a commit ({@code ON COMMIT DELETE ROWS}); the move deletes what it read, so a second enqueue in the same
 * transaction starts empty.
 *
 * <p>A conflicting batch thus costs the direct attempt up to its first stored key (at the first row for a re-run
 * sweep, whose earlier batches are a prefix of the new one) plus the staged path. Only pgjdbc types here: the class
 * is loaded only where the connection is pgjdbc's.
 */
final class PgOutboxCopy {

    /** Unqualified names could be shadowed by a table of the same name on the search path; pg_temp cannot. */
    private static final String STAGE = "pg_temp.kopilka_outbox_stage";
    private static final String CREATE = "CREATE TEMPORARY TABLE IF NOT EXISTS " + STAGE + " ("
            + "id VARCHAR(64) NOT NULL, member_id VARCHAR(64) NOT NULL, dedupe_key VARCHAR(200) NOT NULL, "
            + "purpose VARCHAR(16) NOT NULL, campaign_id VARCHAR(128), body TEXT NOT NULL, created_at BIGINT NOT NULL, "
            + "not_before BIGINT NOT NULL, expires_at BIGINT) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGE = "COPY " + STAGE + " (id, member_id, dedupe_key, purpose, campaign_id, "
            + "body, created_at, not_before, expires_at) FROM STDIN (FORMAT binary)";
    private static final String SAVEPOINT = "kopilka_outbox_copy";
    /** PostgreSQL's SQLSTATE for a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private PgOutboxCopy() {
    }

    /** Whether this connection can copy: pgjdbc's, inside a transaction (the stage keeps rows only until a commit). */
    static boolean usable(Connection connection) {
        try {
            return !connection.getAutoCommit() && connection.isWrapperFor(PGConnection.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Copies {@code rows} (already free of duplicate ids and keys among themselves) into {@code outbox}, whose
     * {@code columns} are those of {@link JdbcOutboxStore}, skipping those whose key or id is stored; returns how many
     * were added.
     */
    static int enqueue(Connection connection, String outbox, String columns, String program,
            List<OutboxMessage> rows) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SAVEPOINT " + SAVEPOINT);
            try {
                long copied = copy(connection, "COPY " + outbox + " (" + columns + ") FROM STDIN (FORMAT binary)",
                        rows, program);
                s.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                return Math.toIntExact(copied);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                try {
                    s.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                    s.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                } catch (SQLException rollback) {
                    rollback.addSuppressed(e);
                    throw rollback;
                }
            }
            s.execute(CREATE);
        }
        copy(connection, COPY_STAGE, rows, null);
        // The same constants as the multi-row insert's NEW_VALUES and the direct copy's: due at not_before, updated
        // at creation.
        String move = "WITH staged AS (DELETE FROM " + STAGE + " RETURNING *) INSERT INTO " + outbox + " (" + columns
                + ") SELECT ?, id, member_id, dedupe_key, purpose, campaign_id, body, created_at, not_before, "
                + "expires_at, 'PENDING', not_before, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, created_at "
                + "FROM staged ON CONFLICT DO NOTHING";
        try (PreparedStatement ps = connection.prepareStatement(move)) {
            ps.setString(1, program);
            return ps.executeUpdate();
        }
    }

    /**
     * Streams the rows to {@code sql} in the binary format: a full outbox row when {@code program} is given (every
     * column of {@link JdbcOutboxStore}'s list, in its order and V3's types: the constants as the multi-row insert's
     * NEW_VALUES, due at not_before, updated at creation), else the stage's nine columns. Returns the rows copied.
     */
    private static long copy(Connection connection, String sql, List<OutboxMessage> rows, String program)
            throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            CopyBinary out = new CopyBinary(copy);
            for (OutboxMessage m : rows) {
                if (program != null) {
                    out.row(23).text(program);
                } else {
                    out.row(9);
                }
                out.text(m.id()).text(m.member().value()).text(m.dedupeKey()).text(m.purpose().name())
                        .text(m.campaignId()).text(m.text()).instant(m.createdAt()).instant(m.notBefore())
                        .instant(m.expiresAt());
                if (program != null) {
                    // state, due_at, attempts, channel, provider_id, cost_kopecks, parts, delivery_status,
                    // last_error, lease_token, lease_until, send_started_at, updated_at
                    out.text("PENDING").instant(m.notBefore()).int4(0).nul().nul().nul().int4(0).nul().nul().nul()
                            .nul().nul().instant(m.createdAt());
                }
            }
            out.finish();
            return copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }
}
