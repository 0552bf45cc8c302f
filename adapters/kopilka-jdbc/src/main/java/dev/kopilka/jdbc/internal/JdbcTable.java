package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Base of the per-feature JDBC stores: one connection, one program, one transaction. */
abstract class JdbcTable {

    /** Sets a statement's parameters. */
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads one row. */
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    protected final Connection connection;
    protected final String program;
    protected final String prefix;
    protected final Json json;
    /** The database, as the transaction found it once from its connection. */
    protected final Dialect dialect;
    private final boolean readOnly;
    /** Where blind writes wait for the next statement or the commit (PostgreSQL); null: each goes at once. */
    private final WriteBuffer writes;

    JdbcTable(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly, Dialect dialect,
            WriteBuffer writes) {
        this.connection = connection;
        this.dialect = dialect;
        this.program = program.value();
        this.prefix = prefix;
        this.json = json;
        this.readOnly = readOnly;
        this.writes = writes;
    }

    /** Sends the held writes before a statement that may read them or depend on their order. */
    protected void flushWrites() {
        if (writes != null) {
            writes.flush();
        }
    }

    /** Replaces {@code #} with the table prefix: {@code "SELECT ... FROM #lots"}. */
    protected String sql(String template) {
        return template.replace("#", prefix);
    }

    protected <T> List<T> query(String operation, String template, Binder binder, Mapper<T> mapper) {
        flushWrites();
        try (PreparedStatement ps = connection.prepareStatement(sql(template))) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw Sql.failure(operation, e);
        }
    }

    /** Reads a whole result set at once. */
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    protected <T> T read(String operation, String template, Binder binder, Reader<T> reader) {
        flushWrites();
        try (PreparedStatement ps = connection.prepareStatement(sql(template))) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw Sql.failure(operation, e);
        }
    }

    /** Ids per {@code IN (...)} list of the bulk reads: far below every driver's parameter limit. */
    static final int KEYS_PER_QUERY = 500;

    /** Binds a bulk read's fixed parameters from {@code first} on; returns the next index. */
    interface FixedBinder {
        int bind(PreparedStatement ps, int first) throws SQLException;
    }

    /**
     * A bulk read by key: the rows of {@code table} (alias {@code t}) meeting {@code where} whose {@code key} column
     * is one of the keys (and, with {@code key2}, whose {@code key2} column is the paired value: a composite key).
     * {@code select} and {@code tail} wrap it ({@code "SELECT t.*"}, {@code " GROUP BY t.member_id"}); {@code lock}
     * locks the rows found. On PostgreSQL one statement drives an index look-up per key from an array
     * ({@code unnest(?) CROSS JOIN LATERAL (... OFFSET 0)}): the plan is the primary-key probe whatever the table's
     * statistics say (a sweep fills its tables as it goes; an {@code IN} list is filtered row by row by a generic
     * plan made while a table looked empty). Elsewhere an {@code IN} list per chunk of {@value #KEYS_PER_QUERY},
     * padded to a power of two so the statement cache sees a handful of shapes, on {@code key} only: a caller with
     * {@code key2} picks its pairs out of the rows. Keys (or pairs) must be distinct: on PostgreSQL a key given twice
     * gives its rows twice.
     */
    record KeyedRead(String select, String columns, String table, String where, String key, String key2,
            String tail, boolean lock) {
    }

    protected <T> List<T> queryByKeys(String operation, KeyedRead q, List<String> keys, List<String> keys2,
            FixedBinder fixed, Mapper<T> mapper) {
        if (keys.isEmpty()) {
            return new ArrayList<>();
        }
        if (dialect == Dialect.POSTGRESQL) {
            String text = q.select() + " FROM unnest(CAST(? AS varchar[])" + (q.key2() == null ? "" : ", CAST(? AS varchar[])")
                    + ") AS k(key" + (q.key2() == null ? "" : ", key2") + ") CROSS JOIN LATERAL (SELECT " + q.columns()
                    + " FROM " + q.table() + " t WHERE " + q.where() + " AND t." + q.key() + " = k.key"
                    + (q.key2() == null ? "" : " AND t." + q.key2() + " = k.key2") + " OFFSET 0"
                    + (q.lock() ? " FOR UPDATE" : "") + ") t" + q.tail();
            return query(operation, text, ps -> {
                ps.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
                int i = 2;
                if (q.key2() != null) {
                    ps.setArray(i++, connection.createArrayOf("varchar", keys2.toArray()));
                }
                fixed.bind(ps, i);
            }, mapper);
        }
        return queryChunked(operation, keys, size -> q.select() + " FROM " + q.table() + " t WHERE " + q.where()
                + " AND t." + q.key() + " IN (" + Sql.marks(size) + ")" + q.tail()
                + (q.lock() ? " ORDER BY t." + q.key() + " FOR UPDATE" : ""), (ps, padded) -> {
                    int i = fixed.bind(ps, 1);
                    for (String key : padded) {
                        ps.setString(i++, key);
                    }
                }, mapper);
    }

    /** Binds a chunk's statement, its (padded) keys included. */
    interface ChunkBinder {
        void bind(PreparedStatement ps, List<String> keys) throws SQLException;
    }

    /**
     * A bulk read with an {@code IN} list: {@code template} (built for a number of marks) run once per chunk of up
     * to {@value #KEYS_PER_QUERY} distinct keys, padded to a power of two by repeating the last key so the statement
     * cache sees a handful of shapes. {@link #queryByKeys} uses it off PostgreSQL; reads of another form (a
     * segment's joins, members by id) call it directly.
     */
    protected <T> List<T> queryChunked(String operation, Collection<String> keys,
            java.util.function.IntFunction<String> template, ChunkBinder binder, Mapper<T> mapper) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        List<T> rows = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += KEYS_PER_QUERY) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + KEYS_PER_QUERY));
            int n = chunk.size();
            int size = n == 1 ? 1 : Math.min(KEYS_PER_QUERY, Integer.highestOneBit(n - 1) << 1);
            List<String> padded = new ArrayList<>(chunk);
            while (padded.size() < size) {
                padded.add(chunk.get(n - 1));
            }
            rows.addAll(query(operation, template.apply(size), ps -> binder.bind(ps, padded), mapper));
        }
        return rows;
    }

    protected <T> Optional<T> queryOne(String operation, String template, Binder binder, Mapper<T> mapper) {
        List<T> rows = query(operation, template, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    protected int update(String operation, String template, Binder binder) {
        requireWritable(operation);
        if (writes != null && writes.holding()) {
            return writes.flushWith(operation, sql(template), binder);
        }
        try (PreparedStatement ps = connection.prepareStatement(sql(template))) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw Sql.failure(operation, e);
        }
    }

    /** One statement, many rows, one round trip. */
    protected <T> void batch(String operation, String template, Iterable<T> rows, RowBinder<T> binder) {
        batchCounts(operation, template, rows, binder);
    }

    /** {@link #batch} that returns each row's count (some drivers report {@link java.sql.Statement#SUCCESS_NO_INFO}). */
    protected <T> int[] batchCounts(String operation, String template, Iterable<T> rows, RowBinder<T> binder) {
        requireWritable(operation);
        flushWrites();
        try (PreparedStatement ps = connection.prepareStatement(sql(template))) {
            int n = 0;
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
                n++;
            }
            return n > 0 ? ps.executeBatch() : new int[0];
        } catch (SQLException e) {
            throw Sql.failure(operation, e);
        }
    }

    /**
     * A write whose row count nobody checks and whose row this transaction does not read back unflushed: held
     * and sent with the others in one round trip where the store buffers writes, else at once.
     */
    protected void blindUpdate(String operation, String template, Binder binder) {
        if (writes == null) {
            update(operation, template, binder);
            return;
        }
        requireWritable(operation);
        writes.add(operation, sql(template), false, List.of(binder));
    }

    /** {@link #batch} as a blind write; {@code insert}: the template ends with its one {@code VALUES (...)} group. */
    protected <T> void blindBatch(String operation, String template, Iterable<T> rows, RowBinder<T> binder,
            boolean insert) {
        if (writes == null) {
            batch(operation, template, rows, binder);
            return;
        }
        requireWritable(operation);
        List<Binder> binders = new ArrayList<>();
        for (T row : rows) {
            binders.add(ps -> binder.bind(ps, row));
        }
        writes.add(operation, sql(template), insert, binders);
    }

    /** Binds one row of a batch. */
    interface RowBinder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    protected void requireWritable(String operation) {
        if (readOnly) {
            throw new IllegalStateException(operation + " in a read-only transaction");
        }
    }
}
