package dev.kopilka.benchmarks;

import static dev.kopilka.benchmarks.ScenarioDatabase.arg;
import static dev.kopilka.benchmarks.ScenarioDatabase.count;

import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.segment.MemberPage;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.Segments;
import dev.kopilka.segment.port.RuleCalendar;
import dev.kopilka.testkit.SettableClock;
import dev.kopilka.testkit.SyntheticRetailer;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * B7: segment evaluation (inactivity, birthday, RFM) over a synthetic base on a real database, next to a bare
 * {@code SELECT count(*)} scan of the statistics table in the same run. The base is written straight into the
 * statistics tables in JDBC batches (the same rows the statistics recorder would write), once per size.
 *
 * <p>Arguments: JDBC URL, user, password, members (default 400,000), repetitions (default 5).
 */
public final class SegmentScenario {

    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private static final String PREFIX = "kopilka_";
    private static final int BATCH = 128;

    private SegmentScenario() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, 0, "jdbc:postgresql://127.0.0.1:5432/test");
        String user = arg(args, 1, "postgres");
        String password = arg(args, 2, "");
        int members = Integer.parseInt(arg(args, 3, "400000"));
        int repetitions = Integer.parseInt(arg(args, 4, "5"));
        SyntheticRetailer retailer = SyntheticRetailer.builder().seed(2025).members(members)
                .stores(List.of("store-1", "store-2", "store-3", "store-4", "store-5", "web"))
                .period(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)).telegramAdoption(0.1).build();
        try (HikariDataSource pool = ScenarioDatabase.pool(url, user, password, 4)) {
            String programName = "bench-segments-" + members;
            SettableClock clock = new SettableClock(retailer.end(), ZONE);
            Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", programName,
                    "kopilka.program.zone", ZONE.getId()))).store(JdbcStore.builder(pool).build()).clock(clock).build();
            ProgramId program = kopilka.program();
            long loaded = count(pool, "SELECT count(*) FROM " + PREFIX + "member_stats WHERE program = ?", programName);
            Segments segments = kopilka.segments();
            if (loaded != members) {
                long t0 = System.nanoTime();
                load(pool, retailer, programName, true);
                System.out.printf("loaded %,d members' statistics in %.1f s%n", members, (System.nanoTime() - t0) / 1e9);
                // Rows as written before schema V13 (or never refreshed): every window is summed per member and RFM
                // is ranked in the query. Timed once.
                for (String rule : List.of("segment(churn-risk)", "segment(vip)")) {
                    SegmentRule parsed = segments.parse(rule);
                    long t1 = System.nanoTime();
                    long n = segments.size(program, parsed);
                    System.out.printf("before any refresh, size: %s = %,d in %.0f ms%n", rule, n,
                            (System.nanoTime() - t1) / 1e6);
                }
            }
            // The daily statistics refresh (V13), as the sweep runs it: for yesterday (every member's counters, as on
            // the first day after upgrading; the day's ranking), then for today (the members whose oldest counted
            // day left a window since, and today's ranking). The ranking is forgotten first so that it is timed.
            Instant today = clock.instant();
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + PREFIX
                    + "member_stats_ranks WHERE program = ?")) {
                ps.setString(1, programName);
                ps.executeUpdate();
                c.commit();
            }
            long uncomputed = count(pool, "SELECT count(*) FROM " + PREFIX + "member_stats WHERE program = ? AND "
                    + "valid_from = DATE '9999-12-31'", programName);
            long r0 = System.nanoTime();
            if (uncomputed > 0) {
                // Only on the first run on this data: a rerun would rewrite every row again (and bloat the table).
                clock.set(today.minus(java.time.Duration.ofDays(1)));
                segments.refresh(program);
            }
            long r1 = System.nanoTime();
            clock.set(today);
            segments.refresh(program);
            long r2 = System.nanoTime();
            long stale = count(pool, "SELECT count(*) FROM " + PREFIX + "member_stats WHERE program = ? AND "
                    + "valid_from = DATE '" + LocalDate.ofInstant(today, ZONE) + "'", programName);
            System.out.printf("refresh for yesterday (%,d members not computed yet) %.1f s; for today %.1f s (%,d "
                    + "members' counters valid from today; ranking included)%n", uncomputed, (r1 - r0) / 1e9,
                    (r2 - r1) / 1e9, stale);
            ScenarioDatabase.vacuumAnalyze(pool, url, PREFIX + "member_stats", PREFIX + "member_stats_ranks");
            long days = count(pool, "SELECT count(*) FROM " + PREFIX + "member_stats_days WHERE program = ?", programName);
            System.out.printf("%s: %,d members, %,d day rows, today %s, %d repetitions (median)%n%n", url, members, days,
                    LocalDate.ofInstant(clock.instant(), ZONE), repetitions);
            Map<String, LongSupplier> cases = new java.util.LinkedHashMap<>();
            cases.put("B7-0 bare count(*) of member_stats", () -> count(pool,
                    "SELECT count(*) FROM " + PREFIX + "member_stats WHERE program = ?", programName));
            for (String rule : List.of("days-since-purchase = 75", "days-since-purchase >= 30 and purchases(P365D) >= 2",
                    "segment(regulars)",
                    "days-to-birthday = 2", "days-to-birthday in 0..7 and reachable(telegram)",
                    "rfm-monetary = 5 and rfm-frequency >= 4", "segment(vip)", "segment(churn-risk)")) {
                SegmentRule parsed = segments.parse(rule);
                cases.put("size: " + rule, () -> segments.size(program, parsed));
            }
            SegmentRule churn = segments.parse("segment(churn-risk)");
            cases.put("members: segment(churn-risk), pages of 50,000", () -> {
                long n = 0;
                MemberPage page = segments.members(program, churn, null, 50_000);
                n += page.members().size();
                while (page.next() != null) {
                    page = segments.members(program, churn, page.next(), 50_000);
                    n += page.members().size();
                }
                return n;
            });
            double bare = 0;
            System.out.printf("%-58s %10s %9s %8s%n", "case", "result", "ms", "x bare");
            for (Map.Entry<String, LongSupplier> c : cases.entrySet()) {
                c.getValue().getAsLong(); // warm-up
                double[] ms = new double[repetitions];
                long result = 0;
                for (int i = 0; i < repetitions; i++) {
                    long t0 = System.nanoTime();
                    result = c.getValue().getAsLong();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                double median = ms[repetitions / 2];
                if (bare == 0) {
                    bare = median;
                }
                System.out.printf("%-58s %,10d %9.1f %8.1f%n", c.getKey(), result, median, median / bare);
            }
        }
    }

    /**
     * The rows the statistics recorder would have written for the synthetic histories, in JDBC batches; without
     * {@code withDays} only the narrow per-member rows (enough for inactivity and birthday rules).
     */
    static void load(HikariDataSource pool, SyntheticRetailer retailer, String program, boolean withDays)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + PREFIX + "member_stats_days WHERE program = ?");
                    PreparedStatement del2 = c.prepareStatement("DELETE FROM " + PREFIX + "member_stats WHERE program = ?")) {
                del.setString(1, program);
                del.executeUpdate();
                del2.setString(1, program);
                del2.executeUpdate();
            }
            c.commit();
            try (PreparedStatement row = c.prepareStatement("INSERT INTO " + PREFIX + "member_stats (program, member_id, "
                    + "joined_at, joined_on, birthday, birth_md, home_store, first_purchase_at, last_purchase_at, "
                    + "last_purchase_on, last_store, purchase_count, purchase_sum, tier, telegram_reachable, sms_reachable, "
                    + "blocked) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                    PreparedStatement day = c.prepareStatement("INSERT INTO " + PREFIX + "member_stats_days (program, "
                            + "member_id, purchase_day, store_id, purchase_count, purchase_sum) VALUES (?,?,?,?,?,?)")) {
                int pendingRows = 0;
                int pendingDays = 0;
                for (int i = 0; i < retailer.memberCount(); i++) {
                    Stats s = Stats.of(retailer.historyOf(i), withDays);
                    String id = retailer.syntheticId(i).value();
                    row.setString(1, program);
                    row.setString(2, id);
                    row.setLong(3, nanos(s.joined.at()));
                    row.setDate(4, Date.valueOf(LocalDate.ofInstant(s.joined.at(), ZONE)));
                    if (s.joined.birthday() == null) {
                        row.setNull(5, java.sql.Types.DATE);
                        row.setNull(6, java.sql.Types.INTEGER);
                    } else {
                        row.setDate(5, Date.valueOf(s.joined.birthday()));
                        row.setInt(6, RuleCalendar.monthDay(s.joined.birthday()));
                    }
                    row.setString(7, s.joined.homeStore());
                    setNanos(row, 8, s.first);
                    setNanos(row, 9, s.last);
                    if (s.last == null) {
                        row.setNull(10, java.sql.Types.DATE);
                    } else {
                        row.setDate(10, Date.valueOf(LocalDate.ofInstant(s.last, ZONE)));
                    }
                    row.setString(11, s.lastStore);
                    row.setLong(12, s.count);
                    row.setLong(13, s.sum);
                    row.setString(14, "base");
                    row.setBoolean(15, s.telegram);
                    row.setBoolean(16, true);
                    row.setBoolean(17, false);
                    row.addBatch();
                    if (++pendingRows == BATCH) {
                        row.executeBatch();
                        pendingRows = 0;
                    }
                    for (Map.Entry<String, long[]> d : withDays ? s.days.entrySet() : Map.<String, long[]>of().entrySet()) {
                        String[] key = d.getKey().split("\\|", 2);
                        day.setString(1, program);
                        day.setString(2, id);
                        day.setDate(3, Date.valueOf(LocalDate.parse(key[0])));
                        day.setString(4, key[1]);
                        day.setLong(5, d.getValue()[0]);
                        day.setLong(6, d.getValue()[1]);
                        day.addBatch();
                        if (++pendingDays == BATCH) {
                            day.executeBatch();
                            pendingDays = 0;
                        }
                    }
                    if (i % 10_000 == 9_999) {
                        row.executeBatch();
                        day.executeBatch();
                        pendingRows = 0;
                        pendingDays = 0;
                        c.commit();
                    }
                }
                row.executeBatch();
                day.executeBatch();
                c.commit();
            }
            try (PreparedStatement analyze = c.prepareStatement(url(c).startsWith("jdbc:postgresql:")
                    ? "ANALYZE " + PREFIX + "member_stats, " + PREFIX + "member_stats_days" : "SELECT 1")) {
                analyze.execute();
            }
            c.commit();
        }
    }

    private static String url(Connection c) throws SQLException {
        return c.getMetaData().getURL();
    }

    /** One member's statistics, aggregated as the recorder does (refunds on the sale's day and store). */
    private static final class Stats {
        SyntheticRetailer.Joined joined;
        Instant first;
        Instant last;
        String lastStore;
        long count;
        long sum;
        boolean telegram;
        final Map<String, long[]> days = new TreeMap<>();

        static Stats of(List<SyntheticRetailer.Event> history, boolean withDays) {
            Stats s = new Stats();
            Map<String, SyntheticRetailer.Purchased> sales = new HashMap<>();
            for (SyntheticRetailer.Event e : history) {
                if (e instanceof SyntheticRetailer.Joined j) {
                    s.joined = j;
                } else if (e instanceof SyntheticRetailer.TelegramLinked) {
                    s.telegram = true;
                } else if (e instanceof SyntheticRetailer.Purchased p) {
                    sales.put(p.txid(), p);
                    if (s.first == null) {
                        s.first = p.at();
                    }
                    if (s.last == null || s.last.isBefore(p.at())) {
                        s.last = p.at();
                        s.lastStore = p.store();
                    }
                    s.count++;
                    s.sum += p.amount();
                    if (!withDays) {
                        continue;
                    }
                    long[] d = s.days.computeIfAbsent(LocalDate.ofInstant(p.at(), ZONE) + "|" + p.store(), k -> new long[2]);
                    d[0]++;
                    d[1] += p.amount();
                } else if (e instanceof SyntheticRetailer.Returned r) {
                    SyntheticRetailer.Purchased sale = sales.get(r.saleTxid());
                    s.sum -= r.refund();
                    if (!withDays) {
                        continue;
                    }
                    s.days.computeIfAbsent(LocalDate.ofInstant(sale.at(), ZONE) + "|" + sale.store(),
                            k -> new long[2])[1] -= r.refund();
                }
            }
            return s;
        }
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    private static void setNanos(PreparedStatement ps, int i, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, nanos(at));
        }
    }
}
