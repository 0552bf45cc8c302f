package dev.kopilka.jdbc.internal;

import dev.kopilka.messaging.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Large enqueues on PostgreSQL through pgjdbc's {@code COPY}: the new rows' variable columns are streamed into a
 * session-local temporary table, then moved into the outbox by one {@code INSERT ... SELECT ... ON CONFLICT DO
 * NOTHING}, which keeps the dedupe semantics of the multi-row insert. The server parses no statement text per row and
 * binds no parameters, which is what the multi-row insert spends most of its time on.
 *
 * <p>The temporary table is created on first use in a session ({@code IF NOT EXISTS}, every call: a transaction that
 * created it may have rolled back) and keeps no rows past a commit ({@code ON COMMIT DELETE ROWS}); the move deletes
 * what it read, so a second enqueue in the same transaction starts empty. Only pgjdbc types here: the class is
 * loaded only where the connection is pgjdbc's.
 */
final class PgOutboxCopy {

    /** Unqualified names could be shadowed by a table of the same name on the search path; pg_temp cannot. */
    private static final String STAGE = "pg_temp.kopilka_outbox_stage";
    private static final String CREATE = "CREATE TEMPORARY TABLE IF NOT EXISTS " + STAGE + " ("
            + "id VARCHAR(64) NOT NULL, member_id VARCHAR(64) NOT NULL, dedupe_key VARCHAR(200) NOT NULL, "
            + "purpose VARCHAR(16) NOT NULL, campaign_id VARCHAR(128), body TEXT NOT NULL, created_at BIGINT NOT NULL, "
            + "not_before BIGINT NOT NULL, expires_at BIGINT) ON COMMIT DELETE ROWS";
    private static final String COPY = "COPY " + STAGE + " (id, member_id, dedupe_key, purpose, campaign_id, body, "
            + "created_at, not_before, expires_at) FROM STDIN";
    /** Bytes handed to the driver at a time. */
    private static final int BUFFER = 64 * 1024;

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
     * Copies {@code rows} (already free of duplicates among themselves) and moves those whose key and id are new into
     * {@code outbox}; returns how many were added.
     */
    static int enqueue(Connection connection, String outbox, String columns, String program,
            List<OutboxMessage> rows) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(CREATE);
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            Rows out = new Rows(copy);
            for (OutboxMessage m : rows) {
                out.text(m.id()).tab().text(m.member().value()).tab().text(m.dedupeKey()).tab()
                        .text(m.purpose().name()).tab().text(m.campaignId()).tab().text(m.text()).tab()
                        .instant(m.createdAt()).tab().instant(m.notBefore()).tab().instant(m.expiresAt()).endRow();
            }
            out.flush();
            copy.endCopy();
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
        // The same constants as the multi-row insert's NEW_VALUES: due at not_before, updated at creation.
        String move = "WITH staged AS (DELETE FROM " + STAGE + " RETURNING *) INSERT INTO " + outbox + " (" + columns
                + ") SELECT ?, id, member_id, dedupe_key, purpose, campaign_id, body, created_at, not_before, "
                + "expires_at, 'PENDING', not_before, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, created_at "
                + "FROM staged ON CONFLICT DO NOTHING";
        try (PreparedStatement ps = connection.prepareStatement(move)) {
            ps.setString(1, program);
            return ps.executeUpdate();
        }
    }

    /** COPY's text format, UTF-8, written to the driver in buffers. */
    private static final class Rows {
        private final CopyIn copy;
        private final StringBuilder chars = new StringBuilder(BUFFER);

        Rows(CopyIn copy) {
            this.copy = copy;
        }

        Rows text(String value) {
            if (value == null) {
                chars.append("\\N");
                return this;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> chars.append("\\\\");
                    case '\t' -> chars.append("\\t");
                    case '\n' -> chars.append("\\n");
                    case '\r' -> chars.append("\\r");
                    default -> chars.append(c);
                }
            }
            return this;
        }

        Rows instant(Instant value) {
            if (value == null) {
                chars.append("\\N");
            } else {
                chars.append(Sql.nanos(value));
            }
            return this;
        }

        Rows tab() {
            chars.append('\t');
            return this;
        }

        void endRow() throws SQLException {
            chars.append('\n');
            if (chars.length() >= BUFFER) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (chars.length() > 0) {
                byte[] bytes = chars.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                chars.setLength(0);
            }
        }
    }
}
