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
import java.util.List;
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

    private final Dialect dialect;
    /**
     * A member whose statistics row this transaction saw while holding their lock: rows are never deleted, so a
     * purchase adds to it blind (held with the other writes on PostgreSQL) instead of counting the rows it changed.
     */
    private MemberId knownRow;

    public JdbcMemberStatsStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, writes);
        this.dialect = dialect;
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
                + "purchase_count = purchase_count + 1, purchase_sum = purchase_sum + ? "
                + "WHERE program = ? AND member_id = ?";
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
            ps.setString(10, program);
            ps.setString(11, member.value());
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
        int rows = update("record return in member stats", "UPDATE #member_stats SET purchase_sum = purchase_sum - ? "
                + "WHERE program = ? AND member_id = ?", ps -> {
                    ps.setLong(1, refund);
                    ps.setString(2, program);
                    ps.setString(3, member.value());
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
        SegmentSql q = SegmentSql.of(rule, new RuleCalendar(today), program);
        return query("count segment", q.count(), q::bind, rs -> rs.getLong(1)).get(0);
    }

    @Override
    public List<MemberId> select(SegmentRule rule, LocalDate today, MemberId afterExclusive, int limit) {
        SegmentSql q = SegmentSql.of(rule, new RuleCalendar(today), program);
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
        SegmentSql q = SegmentSql.of(rule, new RuleCalendar(today), program);
        return !query("test segment membership", q.one(), ps -> {
            int i = q.bind(ps);
            ps.setString(i, member.value());
        }, rs -> rs.getString(1)).isEmpty();
    }

    @Override
    public java.util.Set<MemberId> matchingAmong(SegmentRule rule, LocalDate today,
            java.util.Collection<MemberId> members) {
        SegmentSql q = SegmentSql.of(rule, new RuleCalendar(today), program);
        return new java.util.LinkedHashSet<>(queryChunked("test segment membership of members",
                members.stream().map(MemberId::value).toList(), q::among, (ps, keys) -> {
                    int i = q.bind(ps);
                    for (String key : keys) {
                        ps.setString(i++, key);
                    }
                }, rs -> MemberId.of(rs.getString(1))));
    }
}
