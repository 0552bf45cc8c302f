package dev.kopilka.benchmarks;

import static dev.kopilka.benchmarks.ScenarioDatabase.arg;
import static dev.kopilka.benchmarks.ScenarioDatabase.count;

import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.analytics.AnalyticsExport;
import dev.kopilka.analytics.AnalyticsReport;
import dev.kopilka.analytics.ReportPeriod;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.testkit.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * B8: the full analytics report (every campaign, channels, health) over a synthetic program on a real database.
 * The program is written straight into the tables in JDBC batches, once per size: members (10 % linked to
 * Telegram), two years of purchases and some returns, six campaigns with 10 % control groups, their points, messages
 * (SMS and Telegram) and expiries, anonymous receipts. Prints the median of the report's wall time.
 *
 * <p>Arguments: JDBC URL, user, password, members (default 400,000), repetitions (default 5).
 */
public final class AnalyticsScenario {

    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private static final String PREFIX = "kopilka_";
    private static final int BATCH = 1_000;
    private static final Instant START = LocalDate.of(2024, 1, 1).atStartOfDay(ZONE).toInstant();
    private static final Instant END = LocalDate.of(2025, 12, 31).atStartOfDay(ZONE).toInstant();
    private static final String[] CAMPAIGNS = {"welcome", "reactivation", "birthday", "telegram-bonus", "black-friday",
        "second-purchase"};

    private AnalyticsScenario() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, 0, "jdbc:postgresql://127.0.0.1:5432/test");
        String user = arg(args, 1, "postgres");
        String password = arg(args, 2, "");
        int members = Integer.parseInt(arg(args, 3, "400000"));
        int repetitions = Integer.parseInt(arg(args, 4, "5"));
        try (HikariDataSource pool = ScenarioDatabase.pool(url, user, password, 4)) {
            String program = "bench-analytics-" + members;
            SettableClock clock = new SettableClock(END, ZONE);
            Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program,
                    "kopilka.program.zone", ZONE.getId()))).store(JdbcStore.builder(pool).build()).clock(clock).build();
            if (count(pool, "SELECT count(*) FROM " + PREFIX + "members WHERE program = ?", program) != members) {
                long t0 = System.nanoTime();
                Map<String, Long> rows = load(pool, program, members);
                System.out.printf("loaded %s in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
                analyze(pool, url);
            }
            ReportPeriod period = new ReportPeriod(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 30));
            double[] seconds = new double[repetitions];
            AnalyticsReport report = null;
            for (int i = 0; i < repetitions; i++) {
                long t0 = System.nanoTime();
                report = kopilka.analytics().report(kopilka.program(), period);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                System.out.printf("report %d: %.2f s%n", i + 1, seconds[i]);
            }
            Arrays.sort(seconds);
            System.out.printf("%s: %,d members, %d campaigns, period %s..%s: full report median %.2f s "
                    + "(target <= 10 s), min %.2f s, max %.2f s%n", url, members, report.campaigns().size(),
                    period.from(), period.to(), seconds[repetitions / 2], seconds[0], seconds[repetitions - 1]);
            System.out.println(AnalyticsExport.campaignsCsv(report));
        }
    }

    private static Map<String, Long> load(HikariDataSource pool, String program, int members) throws SQLException {
        SplittableRandom random = new SplittableRandom(2026);
        long span = nanos(END) - nanos(START);
        long spend = 0;
        long participations = 0;
        long messages = 0;
        try (Connection c = pool.getConnection();
                PreparedStatement m = c.prepareStatement("INSERT INTO " + PREFIX + "members (program, id, phone, "
                        + "joined_at, consents, blocked, version, telegram_user_id) VALUES (?,?,?,?,?,FALSE,1,?)");
                PreparedStatement s = c.prepareStatement("INSERT INTO " + PREFIX + "spend (program, member_id, "
                        + "occurred_at, kopecks, reference) VALUES (?,?,?,?,?)");
                PreparedStatement l = c.prepareStatement("INSERT INTO " + PREFIX + "telegram_links (program, "
                        + "member_id, linked_at, unlinked_at, exact_time) VALUES (?,?,?,NULL,TRUE)");
                PreparedStatement p = c.prepareStatement("INSERT INTO " + PREFIX + "campaign_participations "
                        + "(program, campaign_id, member_id, occurrence, grp, occurred_at, points, grant_expires_at, "
                        + "promo_code, message_ids) VALUES (?,?,?,?,?,?,?,?,NULL,'')");
                PreparedStatement lot = c.prepareStatement("INSERT INTO " + PREFIX + "lots (program, id, member_id, "
                        + "source, points, remaining, created_at, activates_at, expires_at, reference) "
                        + "VALUES (?,?,?,'CAMPAIGN',?,?,?,?,?,?)");
                PreparedStatement e = c.prepareStatement("INSERT INTO " + PREFIX + "entries (program, id, member_id, "
                        + "type, points, occurred_at, reference, consumptions, debt_change) "
                        + "VALUES (?,?,?,'EXPIRE',?,?,?,'[]',0)");
                PreparedStatement o = c.prepareStatement("INSERT INTO " + PREFIX + "outbox (program, id, member_id, "
                        + "dedupe_key, purpose, campaign_id, body, created_at, not_before, state, due_at, attempts, "
                        + "channel, cost_kopecks, parts, delivery_status, updated_at) "
                        + "VALUES (?,?,?,?,'MARKETING',?,'x',?,?,?,?,1,?,?,1,?,?)");
                PreparedStatement a = c.prepareStatement("INSERT INTO " + PREFIX + "anonymous_receipts (program, "
                        + "receipt_id, store_id, amount, occurred_at) VALUES (?,?,'s1',?,?)")) {
            for (int i = 0; i < members; i++) {
                String id = "m" + i;
                long joined = nanos(START) + (long) (random.nextDouble() * span * 0.9);
                boolean telegram = random.nextDouble() < 0.1;
                m.setString(1, program);
                m.setString(2, id);
                m.setString(3, "+7900" + (1_000_000 + i));
                m.setLong(4, joined);
                m.setString(5, "SMS");
                if (telegram) {
                    m.setLong(6, 10_000_000L + i);
                    l.setString(1, program);
                    l.setString(2, id);
                    l.setLong(3, joined + random.nextLong(Duration.ofDays(60).toNanos()));
                    l.addBatch();
                } else {
                    m.setNull(6, java.sql.Types.BIGINT);
                }
                m.addBatch();
                int purchases = random.nextInt(6);
                for (int k = 0; k < purchases; k++) {
                    long at = joined + (long) (random.nextDouble() * (nanos(END) - joined));
                    long amount = 10_000 + random.nextInt(500_000);
                    add(s, program, id, at, amount, "t" + i + "-" + k);
                    spend++;
                    if (random.nextDouble() < 0.03) {
                        add(s, program, id, at + Duration.ofDays(2).toNanos(), -amount / 2, "r" + i + "-" + k);
                        spend++;
                    }
                }
                for (int k = 0; k < CAMPAIGNS.length; k++) {
                    if (random.nextDouble() >= 0.12) {
                        continue;
                    }
                    String campaign = CAMPAIGNS[k];
                    long at = joined + (long) (random.nextDouble() * (nanos(END) - joined));
                    boolean control = random.nextDouble() < 0.1;
                    long points = k % 2 == 0 ? 200 : 0;
                    long expires = at + Duration.ofDays(14).toNanos();
                    p.setString(1, program);
                    p.setString(2, campaign);
                    p.setString(3, id);
                    p.setString(4, "o1");
                    p.setString(5, control ? "CONTROL" : "TREATED");
                    p.setLong(6, at);
                    p.setLong(7, control ? 0 : points);
                    if (control || points == 0) {
                        p.setNull(8, java.sql.Types.BIGINT);
                    } else {
                        p.setLong(8, expires);
                    }
                    p.addBatch();
                    participations++;
                    if (control) {
                        continue;
                    }
                    String ref = "campaign:" + campaign + ":o1:" + id;
                    if (points > 0) {
                        double fate = random.nextDouble();
                        long remaining = fate < 0.3 ? 0 : points;
                        lot.setString(1, program);
                        lot.setString(2, "l-" + campaign + "-" + id);
                        lot.setString(3, id);
                        lot.setLong(4, points);
                        lot.setLong(5, fate < 0.6 ? 0 : remaining);
                        lot.setLong(6, at);
                        lot.setLong(7, at);
                        lot.setLong(8, expires);
                        lot.setString(9, ref);
                        lot.addBatch();
                        if (fate >= 0.3 && fate < 0.6) {
                            e.setString(1, program);
                            e.setString(2, "e-" + campaign + "-" + id);
                            e.setString(3, id);
                            e.setLong(4, -points);
                            e.setLong(5, expires);
                            e.setString(6, ref);
                            e.addBatch();
                        }
                    }
                    boolean byTelegram = telegram && random.nextDouble() < 0.9;
                    String msg = "o-" + campaign + "-" + id;
                    o.setString(1, program);
                    o.setString(2, msg);
                    o.setString(3, id);
                    o.setString(4, msg);
                    o.setString(5, campaign);
                    o.setLong(6, at);
                    o.setLong(7, at);
                    o.setString(8, "SENT");
                    o.setLong(9, at);
                    o.setString(10, byTelegram ? "TELEGRAM" : "SMS");
                    o.setLong(11, byTelegram ? 0 : 350);
                    o.setString(12, byTelegram ? null : random.nextDouble() < 0.95 ? "DELIVERED" : "FAILED");
                    o.setLong(13, at);
                    o.addBatch();
                    messages++;
                }
                if (random.nextDouble() < 0.3) {
                    a.setString(1, program);
                    a.setString(2, "anon-" + i);
                    a.setLong(3, 20_000);
                    a.setLong(4, joined + (long) (random.nextDouble() * (nanos(END) - joined)));
                    a.addBatch();
                }
                if (i % BATCH == BATCH - 1 || i == members - 1) {
                    for (PreparedStatement ps : new PreparedStatement[] {m, s, l, p, lot, e, o, a}) {
                        ps.executeBatch();
                    }
                    c.commit();
                }
            }
        }
        return Map.of("members", (long) members, "spend rows", spend, "participations", participations,
                "messages", messages);
    }

    private static void add(PreparedStatement s, String program, String id, long at, long kopecks, String ref)
            throws SQLException {
        s.setString(1, program);
        s.setString(2, id);
        s.setLong(3, at);
        s.setLong(4, kopecks);
        s.setString(5, ref);
        s.addBatch();
    }

    private static void analyze(HikariDataSource pool, String url) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            return;
        }
        try (Connection c = pool.getConnection(); var st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("ANALYZE");
        }
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
