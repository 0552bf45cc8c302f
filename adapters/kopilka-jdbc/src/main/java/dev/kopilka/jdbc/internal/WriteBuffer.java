package dev.kopilka.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PostgreSQL: the blind writes of a transaction (rows nobody reads back in it, no row count checked) held back and
 * sent as one multi-statement string in a single round trip — before the transaction's next statement or its
 * commit, so order and read-your-writes are as if each had gone at once. A purchase's lots, entries, spend,
 * account and sale cost one round trip instead of six. A failure (e.g. a duplicate receipt) surfaces at that
 * flush, still inside the transaction, and rolls everything back.
 */
public final class WriteBuffer {

    private record Pending(String operation, String sql, boolean multiRowInsert, List<JdbcTable.Binder> rows) {
    }

    private final Connection connection;
    private final List<Pending> pending = new ArrayList<>();

    public WriteBuffer(Connection connection) {
        this.connection = connection;
    }

    /**
     * Holds a statement with one binder per row. A multi-row insert must end with its {@code VALUES (?, ...)}
     * group, which is repeated per row; any other statement is repeated.
     */
    void add(String operation, String sql, boolean multiRowInsert, List<JdbcTable.Binder> rows) {
        if (!rows.isEmpty()) {
            pending.add(new Pending(operation, sql, multiRowInsert, rows));
        }
    }

    /** Sends everything held, in the order it was written, as one round trip. */
    public void flush() {
        flush(false);
    }

    /**
     * Sends everything held and, if {@code commit}, the transaction's {@code COMMIT} in the same round trip; the
     * driver then sees the transaction ended and its own {@code commit()} sends nothing. If a write fails, the
     * server skips the rest of the string, COMMIT included, and the transaction is rolled back as usual.
     *
     * @return whether a COMMIT was sent
     */
    public boolean flush(boolean commit) {
        if (pending.isEmpty()) {
            return false;
        }
        send(commit, null);
        return commit;
    }

    /** Whether writes are held: a statement whose result is needed may then go with them ({@link #flushWith}). */
    boolean holding() {
        return !pending.isEmpty();
    }

    /**
     * Sends everything held followed by {@code counted}, a write whose row count the caller needs, in one round trip
     * (a purchase's statistics UPDATE goes with the ledger's writes instead of after them).
     *
     * @return the row count of {@code counted}
     */
    int flushWith(String operation, String counted, JdbcTable.Binder binder) {
        return send(false, new Pending(operation, counted, false, List.of(binder)));
    }

    /** One round trip; returns the last statement's row count when {@code counted} is given, else -1. */
    private int send(boolean commit, Pending counted) {
        List<Pending> writes = new ArrayList<>(pending);
        if (counted != null) {
            writes.add(counted);
        }
        pending.clear();
        StringBuilder text = new StringBuilder();
        List<JdbcTable.Binder> binders = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (Pending p : writes) {
            int n = p.rows().size();
            if (p.multiRowInsert()) {
                int values = p.sql().lastIndexOf("VALUES (") + "VALUES ".length();
                String group = p.sql().substring(values);
                append(text, p.sql().substring(0, values) + String.join(",", Collections.nCopies(n, group)));
                add(binders, widths, p.rows(), parameters(group));
            } else {
                for (int i = 0; i < n; i++) {
                    append(text, p.sql());
                }
                add(binders, widths, p.rows(), parameters(p.sql()));
            }
        }
        if (commit) {
            append(text, "COMMIT");
        }
        try (PreparedStatement ps = connection.prepareStatement(text.toString())) {
            int offset = 0;
            ShiftedStatement shifted = new ShiftedStatement(ps);
            for (int i = 0; i < binders.size(); i++) {
                binders.get(i).bind(offset == 0 ? ps : shifted.at(offset));
                offset += widths.get(i);
            }
            boolean resultSet = ps.execute();
            int count = -1;
            while (counted != null) {
                if (!resultSet) {
                    int n = ps.getUpdateCount();
                    if (n == -1) {
                        break;
                    }
                    count = n;
                }
                resultSet = ps.getMoreResults();
            }
            return count;
        } catch (SQLException e) {
            throw Sql.failure(operations(writes, commit), e);
        }
    }

    /** Each row's binder with its parameter count, counted once per statement rather than once per row. */
    private static void add(List<JdbcTable.Binder> binders, List<Integer> widths, List<JdbcTable.Binder> rows,
            int width) {
        for (JdbcTable.Binder b : rows) {
            binders.add(b);
            widths.add(width);
        }
    }

    /** What the failed round trip was doing, for the error; built only when one fails. */
    private static String operations(List<Pending> writes, boolean commit) {
        List<String> operations = new ArrayList<>();
        for (Pending p : writes) {
            operations.add(p.operation());
        }
        if (commit) {
            operations.add("commit");
        }
        return String.join(", ", operations);
    }

    private static void append(StringBuilder text, String statement) {
        if (text.length() > 0) {
            text.append(";\n");
        }
        text.append(statement);
    }

    private static int parameters(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '?') {
                n++;
            }
        }
        return n;
    }
}
