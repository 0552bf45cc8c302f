package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.segment.MemberStats;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.port.MemberStatsStore;
import dev.kopilka.segment.port.RuleCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Member statistics on JDBC: the narrow {@code member_stats} row and the per-day {@code member_stats_days}
 * rows. A purchase costs two statements (an increment UPDATE and an increment upsert); segment questions
 * are one set-based query each, generated from the rule by {@link SegmentSql}.
 */
public final class JdbcMemberStatsStore extends JdbcTable implements MemberStatsStore {

    private static final String COLUMNS = "member_id, joined_at, joined_on, birthday, home_store, first_purchase_at, "
            + "last_purchase_at, last_purchase_on, last_store, purchase_count, purchase_sum, tier, telegram_reachable, "
            + "sms_reachable, blocked";

    /** The rolling windows kept as counters in the narrow row (schema V13): {@code P90D} and {@code P365D}. */
    static final int[] WINDOW_DAYS = {90, 365};
    /** Sort memory for the daily RFM ranking on PostgreSQL (one transaction; the default 4 MB spills to disk). */
    private static final String RANKING_WORK_MEM = "64MB";

    /**
     * A member whose statistics row this transaction saw while holding their lock: rows are never deleted, so a
     * purchase adds to it blind (held with the other writes on PostgreSQL) instead of counting the rows it changed.
     */
    private MemberId knownRow;

    public JdbcMemberStatsStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    @Override
    public Optional<MemberStats> find(MemberId member) {
        return queryOne("find member stats", "SELECT " + COLUMNS + ", (SELECT COUNT(DISTINCT d.store_id) FROM "
                + "#member_stats_days d WHERE d.program = s.program AND d.member_id = s.member_id) AS stores_visited "
                + "FROM #member_stats s WHERE s.program = ? AND s.member_id = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                }, JdbcMemberStatsStore::map);
    }

    private static MemberStats map(ResultSet rs) throws SQLException {
        return new MemberStats(MemberId.of(rs.getString("member_id")), Sql.getInstant(rs, "joined_at"),
                Sql.getDate(rs, "birthday"), rs.getString("home_store"), Sql.getInstant(rs, "first_purchase_at"),
                Sql.getInstant(rs, "last_purchase_at"), rs.getString("last_store"), rs.getLong("purchase_count"),
                rs.getLong("purchase_sum"), rs.getString("tier"), rs.getBoolean("telegram_reachable"),
                rs.getBoolean("sms_reachable"), Sql.getDate(rs, "joined_on"), Sql.getDate(rs, "last_purchase_on"),
                rs.getInt("stores_visited"), rs.getBoolean("blocked"));
    }

    @Override
    public void upsert(MemberStats s) {
        String columns = "joined_at, joined_on, birthday, birth_md, home_store, first_purchase_at, last_purchase_at, "
                + "last_purchase_on, last_store, purchase_count, purchase_sum, tier, telegram_reachable, sms_reachable, "
                + "blocked, program, member_id";
        String values = "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        String[] updated = {"joined_at", "joined_on", "birthday", "birth_md", "home_store", "first_purchase_at",
            "last_purchase_at", "last_purchase_on", "last_store", "purchase_count", "purchase_sum", "tier",
            "telegram_reachable", "sms_reachable", "blocked"};
        String sql = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO #member_stats (" + columns + ") " + values
                    + " ON CONFLICT (program, member_id) DO UPDATE SET " + assignments(updated, "EXCLUDED.%s");
            case MARIADB -> "INSERT INTO #member_stats (" + columns + ") " + values + " ON DUPLICATE KEY UPDATE "
                    + assignments(updated, "VALUES(%s)");
            case H2 -> "MERGE INTO #member_stats (" + columns + ") KEY (program, member_id) " + values;
        };
        update("save member stats", sql, ps -> {
            Sql.setInstant(ps, 1, s.joinedAt());
            Sql.setDate(ps, 2, s.joinedOn());
            Sql.setDate(ps, 3, s.birthday());
            if (s.birthday() == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setInt(4, RuleCalendar.monthDay(s.birthday()));
            }
            ps.setString(5, s.homeStore());
            Sql.setInstant(ps, 6, s.firstPurchaseAt());
            Sql.setInstant(ps, 7, s.lastPurchaseAt());
            Sql.setDate(ps, 8, s.lastPurchaseOn());
            ps.setString(9, s.lastStore());
            ps.setLong(10, s.purchaseCount());
            ps.setLong(11, s.purchaseSum());
            ps.setString(12, s.tier());
            ps.setBoolean(13, s.telegramReachable());
            ps.setBoolean(14, s.smsReachable());
            ps.setBoolean(15, s.blocked());
            ps.setString(16, program);
            ps.setString(17, s.member().value());
        });
    }

    private static String assignments(String[] columns, String format) {
        StringBuilder sb = new StringBuilder();
        for (String c : columns) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c).append(" = ").append(String.format(format, c));
        }
        return sb.toString();
    }

    /** The member's statistics row exists (read under their lock in this transaction). */
    void rowExists(MemberId member) {
        this.knownRow = member;
    }

    /** "Never" for the counters' validity columns (also their default: not computed yet). */
    static final LocalDate NEVER = LocalDate.of(9999, 12, 31);

    /**
     * The rolling counters' share of a purchase or return on {@code day}: counted when the day is on or after the
     * row's window start (then the earliest counted day, and with it the last day the counters are valid for, may
     * move back), and the latest day row noted. Parameters: see {@link #bindWindows}. MariaDB applies assignments
     * left to right: valid_until reads the wN_oldest values before they are set.
     */
    private static final String WINDOWS;

    static {
        StringBuilder sb = new StringBuilder("valid_until = LEAST(valid_until");
        for (int w : WINDOW_DAYS) {
            String c = "w" + w;
            sb.append(", CASE WHEN ? >= ").append(c).append("_from AND (").append(c).append("_oldest IS NULL OR ")
                    .append(c).append("_oldest > ?) THEN CAST(? AS DATE) ELSE CAST(? AS DATE) END");
        }
        sb.append("), ");
        for (int w : WINDOW_DAYS) {
            String c = "w" + w;
            sb.append(c).append("_oldest = CASE WHEN ? >= ").append(c).append("_from AND (").append(c)
                    .append("_oldest IS NULL OR ").append(c).append("_oldest > ?) THEN ? ELSE ").append(c)
                    .append("_oldest END, ");
            sb.append(c).append("_count = ").append(c).append("_count + CASE WHEN ? >= ").append(c)
                    .append("_from THEN ? ELSE 0 END, ");
            sb.append(c).append("_sum = ").append(c).append("_sum + CASE WHEN ? >= ").append(c)
                    .append("_from THEN ? ELSE 0 END, ");
        }
        sb.append("days_newest = CASE WHEN days_newest IS NULL OR days_newest < ? THEN ? ELSE days_newest END");
        WINDOWS = sb.toString();
    }

    private static int bindWindows(PreparedStatement ps, int i, LocalDate day, long count, long sum)
            throws SQLException {
        for (int w : WINDOW_DAYS) {
            Sql.setDate(ps, i++, day);
            Sql.setDate(ps, i++, day);
            Sql.setDate(ps, i++, day.plusDays(w - 1L));
            Sql.setDate(ps, i++, NEVER);
        }
        for (int ignored : WINDOW_DAYS) {
            Sql.setDate(ps, i++, day);
            Sql.setDate(ps, i++, day);
            Sql.setDate(ps, i++, day);
            Sql.setDate(ps, i++, day);
            ps.setLong(i++, count);
            Sql.setDate(ps, i++, day);
            ps.setLong(i++, sum);
        }
        Sql.setDate(ps, i++, day);
        Sql.setDate(ps, i++, day);
        return i;
    }

    @Override
    public boolean recordPurchase(MemberId member, Instant at, LocalDate day, String store, long amount) {
        // Columns that depend on last_purchase_at come before it: MariaDB applies SET assignments left to right.
        String sql = "UPDATE #member_stats SET "
                + "last_store = CASE WHEN last_purchase_at IS NULL OR last_purchase_at < ? THEN ? ELSE last_store END, "
                + "last_purchase_on = CASE WHEN last_purchase_at IS NULL OR last_purchase_at < ? THEN ? "
                + "ELSE last_purchase_on END, "
                + "last_purchase_at = CASE WHEN last_purchase_at IS NULL OR last_purchase_at < ? THEN ? "
                + "ELSE last_purchase_at END, "
                + "first_purchase_at = CASE WHEN first_purchase_at IS NULL OR first_purchase_at > ? THEN ? "
                + "ELSE first_purchase_at END, "
                + "purchase_count = purchase_count + 1, purchase_sum = purchase_sum + ?, " + WINDOWS
                + " WHERE program = ? AND member_id = ?";
        Binder binder = ps -> {
            Sql.setInstant(ps, 1, at);
            ps.setString(2, store);
            Sql.setInstant(ps, 3, at);
            Sql.setDate(ps, 4, day);
            Sql.setInstant(ps, 5, at);
            Sql.setInstant(ps, 6, at);
            Sql.setInstant(ps, 7, at);
            Sql.setInstant(ps, 8, at);
            ps.setLong(9, amount);
            int i = bindWindows(ps, 10, day, 1, amount);
            ps.setString(i++, program);
            ps.setString(i, member.value());
        };
        if (member.equals(knownRow)) {
            blindUpdate("record purchase in member stats", sql, binder);
        } else if (update("record purchase in member stats", sql, binder) == 0) {
            return false;
        }
        addToDay(member, day, store, 1, amount);
        return true;
    }

    @Override
    public boolean recordReturn(MemberId member, LocalDate saleDay, String saleStore, long refund) {
        int rows = update("record return in member stats", "UPDATE #member_stats SET purchase_sum = purchase_sum - ?, "
                + WINDOWS + " WHERE program = ? AND member_id = ?", ps -> {
                    ps.setLong(1, refund);
                    int i = bindWindows(ps, 2, saleDay, 0, -refund);
                    ps.setString(i++, program);
                    ps.setString(i, member.value());
                });
        if (rows == 0) {
            return false;
        }
        addToDay(member, saleDay, saleStore, 0, -refund);
        return true;
    }

    private void addToDay(MemberId member, LocalDate day, String store, long count, long sum) {
        String sql = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO #member_stats_days (program, member_id, purchase_day, store_id, "
                    + "purchase_count, purchase_sum) VALUES (?,?,?,?,?,?) ON CONFLICT (program, member_id, purchase_day, "
                    + "store_id) DO UPDATE SET purchase_count = #member_stats_days.purchase_count + EXCLUDED.purchase_count, "
                    + "purchase_sum = #member_stats_days.purchase_sum + EXCLUDED.purchase_sum";
            case MARIADB -> "INSERT INTO #member_stats_days (program, member_id, purchase_day, store_id, purchase_count, "
                    + "purchase_sum) VALUES (?,?,?,?,?,?) ON DUPLICATE KEY UPDATE "
                    + "purchase_count = purchase_count + VALUES(purchase_count), "
                    + "purchase_sum = purchase_sum + VALUES(purchase_sum)";
            case H2 -> "MERGE INTO #member_stats_days d USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)), "
                    + "CAST(? AS DATE), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS BIGINT))) "
                    + "AS v(program, member_id, purchase_day, store_id, c, a) ON d.program = v.program "
                    + "AND d.member_id = v.member_id AND d.purchase_day = v.purchase_day AND d.store_id = v.store_id "
                    + "WHEN MATCHED THEN UPDATE SET purchase_count = d.purchase_count + v.c, "
                    + "purchase_sum = d.purchase_sum + v.a "
                    + "WHEN NOT MATCHED THEN INSERT (program, member_id, purchase_day, store_id, purchase_count, "
                    + "purchase_sum) VALUES (v.program, v.member_id, v.purchase_day, v.store_id, v.c, v.a)";
        };
        blindUpdate("record day in member stats", sql, ps -> {
            ps.setString(1, program);
            ps.setString(2, member.value());
            Sql.setDate(ps, 3, day);
            ps.setString(4, store);
            ps.setLong(5, count);
            ps.setLong(6, sum);
        });
    }

    @Override
    public boolean setTier(MemberId member, String tier) {
        return update("set tier in member stats", "UPDATE #member_stats SET tier = ? WHERE program = ? AND member_id = ?",
                ps -> {
                    ps.setString(1, tier);
                    ps.setString(2, program);
                    ps.setString(3, member.value());
                }) > 0;
    }

    @Override
    public boolean setReachable(MemberId member, Channel channel, boolean reachable) {
        String column = switch (channel) {
            case TELEGRAM -> "telegram_reachable";
            case SMS -> "sms_reachable";
            case LOG -> null;
        };
        if (column == null) {
            return find(member).isPresent();
        }
        return update("set reachability in member stats", "UPDATE #member_stats SET " + column
                + " = ? WHERE program = ? AND member_id = ?", ps -> {
                    ps.setBoolean(1, reachable);
                    ps.setString(2, program);
                    ps.setString(3, member.value());
                }) > 0;
    }

    // ------------------------------------------------------------------------------------------ evaluation

    @Override
    public long count(SegmentRule rule, LocalDate today) {
        SegmentSql q = segment(rule, today);
        return query("count segment", q.count(), q::bind, rs -> rs.getLong(1)).get(0);
    }

    @Override
    public List<MemberId> select(SegmentRule rule, LocalDate today, MemberId afterExclusive, int limit) {
        SegmentSql q = segment(rule, today);
        return query("select segment", q.page(afterExclusive != null), ps -> {
            int i = q.bind(ps);
            if (afterExclusive != null) {
                ps.setString(i++, afterExclusive.value());
            }
            ps.setInt(i, limit);
        }, rs -> MemberId.of(rs.getString(1)));
    }

    @Override
    public boolean matches(SegmentRule rule, LocalDate today, MemberId member) {
        SegmentSql q = segment(rule, today);
        return !query("test segment membership", q.one(), ps -> {
            int i = q.bind(ps);
            ps.setString(i, member.value());
        }, rs -> rs.getString(1)).isEmpty();
    }

    @Override
    public java.util.Set<MemberId> matchingAmong(SegmentRule rule, LocalDate today,
            java.util.Collection<MemberId> members) {
        SegmentSql q = segment(rule, today);
        return new java.util.LinkedHashSet<>(queryChunked("test segment membership of members",
                members.stream().map(MemberId::value).toList(), q::among, (ps, keys) -> {
                    int i = q.bind(ps);
                    for (String key : keys) {
                        ps.setString(i++, key);
                    }
                }, rs -> MemberId.of(rs.getString(1))));
    }

    private SegmentSql segment(SegmentRule rule, LocalDate today) {
        return SegmentSql.of(rule, new RuleCalendar(today), program, SegmentSql.usesRfm(rule) ? bounds(today) : null);
    }

    /** Today's RFM boundaries (score letter → bucket 2..5 → {key, member id}, null: nobody), or null if not ranked. */
    private Map<String, Object[][]> bounds(LocalDate today) {
        List<Object[]> rows = query("read RFM boundaries", "SELECT score, bucket, ranked_on, rank_key, member_id FROM "
                + "#member_stats_ranks WHERE program = ?", ps -> ps.setString(1, program), rs -> {
                    long key = rs.getLong("rank_key");
                    Long k = rs.wasNull() ? null : key;
                    return new Object[] {rs.getString("score"), rs.getInt("bucket"), Sql.getDate(rs, "ranked_on"), k,
                        rs.getString("member_id")};
                });
        if (rows.size() != 3 * 4) {
            return null;
        }
        Map<String, Object[][]> bounds = new HashMap<>();
        for (Object[] row : rows) {
            if (!today.equals(row[2])) {
                return null;
            }
            bounds.computeIfAbsent((String) row[0], k -> new Object[6][])[(Integer) row[1]] =
                    row[3] == null ? null : new Object[] {row[3], row[4]};
        }
        return bounds.size() == 3 ? bounds : null;
    }

    // ------------------------------------------------------------------------------------------ refresh

    @Override
    public void refresh(LocalDate today) {
        requireWritable("refresh member stats");
        refreshWindows(new RuleCalendar(today));
        rank(today);
    }

    /**
     * Recomputes the rolling counters of the rows that do not cover today's windows, from their day rows. The rows
     * are locked first (in id order) and only then summed by a new statement: a purchase in flight either committed
     * before (its day row is seen) or waits for this transaction and adds to the new counters.
     */
    private void refreshWindows(RuleCalendar cal) {
        LocalDate today = cal.today();
        String stale = "program = ? AND (valid_until < ? OR valid_from > ?)";
        Binder bindStale = ps -> {
            ps.setString(1, program);
            Sql.setDate(ps, 2, today);
            Sql.setDate(ps, 3, today);
        };
        int locked = read("lock member stats to refresh", "SELECT member_id FROM #member_stats WHERE " + stale
                + " ORDER BY member_id FOR UPDATE", bindStale, rs -> {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    return n;
                });
        if (locked == 0) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            refreshWindowsGrouped(cal);
            return;
        }
        String days = "FROM #member_stats_days d WHERE d.program = #member_stats.program "
                + "AND d.member_id = #member_stats.member_id";
        StringBuilder set = new StringBuilder("UPDATE #member_stats SET valid_until = LEAST(");
        List<LocalDate> params = new ArrayList<>();
        for (int i = 0; i < WINDOW_DAYS.length; i++) {
            set.append(i == 0 ? "" : ", ").append("COALESCE(")
                    .append(addDays("(SELECT MIN(d.purchase_day) " + days + " AND d.purchase_day >= ?)",
                            WINDOW_DAYS[i] - 1))
                    .append(", ?)");
            params.add(cal.windowStart(Period.ofDays(WINDOW_DAYS[i])));
            params.add(NEVER);
        }
        set.append("), ");
        for (int w : WINDOW_DAYS) {
            String c = "w" + w;
            LocalDate start = cal.windowStart(Period.ofDays(w));
            set.append(c).append("_count = COALESCE((SELECT SUM(d.purchase_count) ").append(days)
                    .append(" AND d.purchase_day >= ?), 0), ");
            set.append(c).append("_sum = COALESCE((SELECT SUM(d.purchase_sum) ").append(days)
                    .append(" AND d.purchase_day >= ?), 0), ");
            set.append(c).append("_oldest = (SELECT MIN(d.purchase_day) ").append(days)
                    .append(" AND d.purchase_day >= ?), ");
            set.append(c).append("_from = ?, ");
            params.addAll(List.of(start, start, start, start));
        }
        set.append("days_newest = (SELECT MAX(d.purchase_day) ").append(days).append("), valid_from = ? WHERE ")
                .append(stale);
        params.add(today);
        update("refresh member stats windows", set.toString(), ps -> {
            int i = 1;
            for (LocalDate p : params) {
                Sql.setDate(ps, i++, p);
            }
            ps.setString(i++, program);
            Sql.setDate(ps, i++, today);
            Sql.setDate(ps, i, today);
        });
    }

    /**
     * The same on PostgreSQL as one UPDATE ... FROM with a LATERAL aggregate per member: each member's day rows are
     * read once through the primary key, instead of by one correlated subquery per column.
     */
    private void refreshWindowsGrouped(RuleCalendar cal) {
        LocalDate today = cal.today();
        List<LocalDate> setParams = new ArrayList<>();
        List<LocalDate> selectParams = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder set = new StringBuilder("UPDATE #member_stats SET valid_until = LEAST(");
        for (int i = 0; i < WINDOW_DAYS.length; i++) {
            int w = WINDOW_DAYS[i];
            String in = "CASE WHEN d.purchase_day >= ? THEN ";
            select.append(i == 0 ? "" : ", ").append("SUM(").append(in).append("d.purchase_count END) AS c").append(w)
                    .append(", SUM(").append(in).append("d.purchase_sum END) AS a").append(w)
                    .append(", MIN(").append(in).append("d.purchase_day END) AS o").append(w);
            LocalDate start = cal.windowStart(Period.ofDays(w));
            selectParams.addAll(List.of(start, start, start));
            set.append(i == 0 ? "" : ", ").append("COALESCE(x.o").append(w).append(" + ").append(w - 1)
                    .append(", CAST(? AS DATE))");
            setParams.add(NEVER);
        }
        set.append(")");
        for (int w : WINDOW_DAYS) {
            set.append(", w").append(w).append("_count = COALESCE(x.c").append(w).append(", 0), w").append(w)
                    .append("_sum = COALESCE(x.a").append(w).append(", 0), w").append(w).append("_oldest = x.o")
                    .append(w).append(", w").append(w).append("_from = ?");
            setParams.add(cal.windowStart(Period.ofDays(w)));
        }
        // LATERAL: each member's day rows through the primary key (a day's few thousand members), not a hash join
        // over every day row of the program.
        set.append(", days_newest = x.newest, valid_from = ? FROM (SELECT m.member_id, y.* FROM #member_stats m "
                + "CROSS JOIN LATERAL (").append(select)
                .append(", MAX(d.purchase_day) AS newest FROM #member_stats_days d WHERE d.program = m.program ")
                .append("AND d.member_id = m.member_id) y WHERE m.program = ? AND (m.valid_until < ? OR m.valid_from > ?)) x ")
                .append("WHERE #member_stats.program = ? AND #member_stats.member_id = x.member_id");
        setParams.add(today);
        update("refresh member stats windows", set.toString(), ps -> {
            int i = 1;
            for (LocalDate p : setParams) {
                Sql.setDate(ps, i++, p);
            }
            for (LocalDate p : selectParams) {
                Sql.setDate(ps, i++, p);
            }
            ps.setString(i++, program);
            Sql.setDate(ps, i++, today);
            Sql.setDate(ps, i++, today);
            ps.setString(i, program);
        });
    }

    /** {@code date + n days} in the dialect. */
    private String addDays(String date, int n) {
        return switch (dialect) {
            case POSTGRESQL -> "(" + date + " + " + n + ")";
            case MARIADB -> "DATE_ADD(" + date + ", INTERVAL " + n + " DAY)";
            case H2 -> "DATEADD(DAY, " + n + ", " + date + ")";
        };
    }

    /** The first refresh of a day ranks the buyers by each RFM key and keeps the first buyer of quintiles 2..5. */
    private void rank(LocalDate today) {
        long current = query("check RFM boundaries", "SELECT COUNT(*) FROM #member_stats_ranks WHERE program = ? "
                + "AND ranked_on >= ?", ps -> {
                    ps.setString(1, program);
                    Sql.setDate(ps, 2, today);
                }, rs -> rs.getLong(1)).get(0);
        if (current == 3 * 4) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            update("raise sort memory for the RFM ranking", "SET LOCAL work_mem = '" + RANKING_WORK_MEM + "'", ps -> {
            });
        }
        for (String score : List.of("r", "f", "m")) {
            String key = SegmentSql.rfmKey(score);
            Object[][] first = new Object[6][];
            query("rank RFM " + score, "SELECT nt, k, member_id FROM (SELECT k, member_id, nt, LAG(nt) OVER (ORDER BY "
                    + "k, member_id) AS prev FROM (SELECT " + key + " AS k, member_id, NTILE(5) OVER (ORDER BY " + key
                    + ", member_id) AS nt FROM #member_stats WHERE program = ? AND purchase_count > 0) a) b "
                    + "WHERE prev IS NULL OR prev <> nt", ps -> ps.setString(1, program), rs -> {
                        long k = rs.getLong(2);
                        first[rs.getInt(1)] = new Object[] {rs.wasNull() ? null : k, rs.getString(3)};
                        return null;
                    });
            for (int bucket = 2; bucket <= 5; bucket++) {
                Object[] b = first[bucket];
                int q = bucket;
                update("save RFM boundary", rankUpsert(), ps -> {
                    ps.setString(1, program);
                    ps.setString(2, score);
                    ps.setInt(3, q);
                    Sql.setDate(ps, 4, today);
                    if (b == null || b[0] == null) {
                        ps.setNull(5, Types.BIGINT);
                        ps.setNull(6, Types.VARCHAR);
                    } else {
                        ps.setLong(5, (Long) b[0]);
                        ps.setString(6, (String) b[1]);
                    }
                });
            }
        }
    }

    /** Inserts a boundary, or replaces one ranked on an earlier day (a second ranking of the same day keeps the first). */
    private String rankUpsert() {
        String columns = "program, score, bucket, ranked_on, rank_key, member_id";
        return switch (dialect) {
            case POSTGRESQL -> "INSERT INTO #member_stats_ranks (" + columns + ") VALUES (?,?,?,?,?,?) "
                    + "ON CONFLICT (program, score, bucket) DO UPDATE SET rank_key = EXCLUDED.rank_key, "
                    + "member_id = EXCLUDED.member_id, ranked_on = EXCLUDED.ranked_on "
                    + "WHERE #member_stats_ranks.ranked_on < EXCLUDED.ranked_on";
            case MARIADB -> "INSERT INTO #member_stats_ranks (" + columns + ") VALUES (?,?,?,?,?,?) "
                    + "ON DUPLICATE KEY UPDATE "
                    + "rank_key = IF(ranked_on < VALUES(ranked_on), VALUES(rank_key), rank_key), "
                    + "member_id = IF(ranked_on < VALUES(ranked_on), VALUES(member_id), member_id), "
                    + "ranked_on = GREATEST(ranked_on, VALUES(ranked_on))";
            case H2 -> "MERGE INTO #member_stats_ranks t USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(1)), "
                    + "CAST(? AS INT), CAST(? AS DATE), CAST(? AS BIGINT), CAST(? AS VARCHAR(64)))) "
                    + "AS v(program, score, bucket, ranked_on, rank_key, member_id) ON t.program = v.program "
                    + "AND t.score = v.score AND t.bucket = v.bucket "
                    + "WHEN MATCHED AND t.ranked_on < v.ranked_on THEN UPDATE SET rank_key = v.rank_key, "
                    + "member_id = v.member_id, ranked_on = v.ranked_on "
                    + "WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (v.program, v.score, v.bucket, v.ranked_on, "
                    + "v.rank_key, v.member_id)";
        };
    }
}
