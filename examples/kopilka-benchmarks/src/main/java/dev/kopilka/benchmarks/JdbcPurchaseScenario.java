package dev.kopilka.benchmarks;

import static dev.kopilka.benchmarks.ScenarioDatabase.arg;

import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDBC store against the physical limit of its database, side by side in one run:
 * <ul>
 *   <li>B0 — a bare transaction inserting one row and committing (what any durable write costs);</li>
 *   <li>B1 — the rows a purchase writes, with plain JDBC and no Kopilka code ({@link PhysicalPurchase}): what the
 *       data model costs;</li>
 *   <li>B2 — a Kopilka purchase: member lookup and row lock, redemption under the cap, a pending earned lot,
 *       entries, spend and the idempotency record, one commit;</li>
 *   <li>B3 — an idempotent replay of a stored receipt vs a bare primary-key SELECT of that receipt's row.</li>
 * </ul>
 * at 1, 4, 8 and 16 concurrent clients over a base of members created on first run (400,000 by default).
 *
 * <pre>java -cp benchmarks.jar dev.kopilka.benchmarks.JdbcPurchaseScenario [jdbcUrl user password members seconds
 *     clients]</pre> (clients: a comma-separated list of concurrency levels, by default 1,4,8,16)
 */
public final class JdbcPurchaseScenario {

    private JdbcPurchaseScenario() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, 0, "jdbc:postgresql://127.0.0.1:5432/test");
        String user = arg(args, 1, "postgres");
        String password = arg(args, 2, "");
        int members = Integer.parseInt(arg(args, 3, "400000"));
        int seconds = Integer.parseInt(arg(args, 4, "15"));
        int[] levels = Arrays.stream(arg(args, 5, "1,4,8,16").split(",")).mapToInt(Integer::parseInt).toArray();
        try (HikariDataSource pool = ScenarioDatabase.pool(url, user, password, 16)) {
            String programName = "bench-" + members;
            Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", programName,
                    "kopilka.earning.delay", "P1D", "kopilka.redemption.max-percent", "30")))
                    .store(JdbcStore.builder(pool).build()).build();
            ProgramId program = kopilka.program();
            List<MemberId> base = seed(pool, program, members);
            seedStatistics(pool, program, ScenarioDatabase.isPostgres(url));
            createBareTable(pool);
            System.out.printf("%s, %,d members, %d s per measurement, pool 16%n%n", url, base.size(), seconds);
            System.out.println("clients |   B0 tx/s  B0 p50  B0 p99 |   B1 tx/s  B1 p50  B1 p99 |   B2 tx/s  B2 p50  B2 p99 "
                    + "| B2/B0 tput  B2/B0 p99 | B1/B0 tput | B2/B1 tput  B2/B1 p99");
            AtomicLong receipts = new AtomicLong(System.currentTimeMillis() * 1000);
            PhysicalPurchase physical = ScenarioDatabase.isPostgres(url) ? new PhysicalPurchase() : null;
            for (int clients : levels) {
                Result b0 = run(clients, seconds, () -> bareInsert(pool));
                Result b1 = physical == null ? new Result(0, seconds, Double.NaN, Double.NaN) // B1: PostgreSQL only
                        : run(clients, seconds, () -> physical.run(pool, program.value(),
                        base.get(ThreadLocalRandom.current().nextInt(base.size())).value(), "p" + receipts.incrementAndGet()));
                Result b2 = run(clients, seconds, () -> {
                    MemberId m = base.get(ThreadLocalRandom.current().nextInt(base.size()));
                    kopilka.checkout().purchase(program, "b" + receipts.incrementAndGet(), receipt(m)).orElseThrow();
                });
                System.out.printf("%7d | %9.0f %6.2f %7.2f | %9.0f %6.2f %7.2f | %9.0f %6.2f %7.2f | %10.2f %10.2f "
                        + "| %10.2f | %10.2f %10.2f%n", clients,
                        b0.throughput(), b0.p50(), b0.p99(), b1.throughput(), b1.p50(), b1.p99(),
                        b2.throughput(), b2.p50(), b2.p99(), b2.throughput() / b0.throughput(), b2.p99() / b0.p99(),
                        b1.throughput() / b0.throughput(), b2.throughput() / b1.throughput(), b2.p99() / b1.p99());
            }
            // B2h: one member takes 10% of the traffic; those purchases serialise on its row lock by design
            Result hot = run(8, seconds, () -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                MemberId m = r.nextInt(10) == 0 ? base.get(0) : base.get(r.nextInt(base.size()));
                kopilka.checkout().purchase(program, "h" + receipts.incrementAndGet(), receipt(m)).orElseThrow();
            });
            System.out.printf("%nB2h (8 clients, 10%% on one member): %.0f tx/s, p50 %.2f ms, p99 %.2f ms%n",
                    hot.throughput(), hot.p50(), hot.p99());
            String stored = "replay-" + receipts.incrementAndGet();
            PurchaseRequest request = receipt(base.get(0));
            kopilka.checkout().purchase(program, stored, request).orElseThrow();
            // Cold: an instance that keeps no receipts in memory answers every retry from the database.
            Kopilka cold = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", programName,
                    "kopilka.earning.delay", "P1D", "kopilka.redemption.max-percent", "30",
                    "kopilka.checkout.replay-cache-size", "0")))
                    .store(JdbcStore.builder(pool).migrate(false).build()).build();
            Result select = run(1, seconds, () -> primaryKeySelect(pool, program, stored));
            Result replay = run(1, seconds, () -> cold.checkout().purchase(program, stored, request).orElseThrow());
            Result cached = run(1, seconds, () -> kopilka.checkout().purchase(program, stored, request).orElseThrow());
            System.out.printf("%nB3 replay from the database p50 %.3f ms vs PK SELECT p50 %.3f ms: ratio %.2f (p99 %.2f)%n",
                    replay.p50(), select.p50(), replay.p50() / select.p50(), replay.p99() / select.p99());
            System.out.printf("B3 replay from the instance's replay cache p50 %.4f ms: ratio %.3f (p99 %.3f)%n",
                    cached.p50(), cached.p50() / select.p50(), cached.p99() / select.p99());
        }
    }

    static PurchaseRequest receipt(MemberId member) {
        return PurchaseRequest.of(MemberRef.id(member), "store-1", List.of(Line.of("1", "TONER", 1, 1_990_00),
                Line.of("2", "BRUSH", 2, 350_00))).withPoints(PointsToApply.exactly(10));
    }

    record Result(long operations, double seconds, double p50, double p99) {
        double throughput() {
            return operations / seconds;
        }
    }

    interface Operation {
        void run() throws Exception;
    }

    private static Result run(int clients, int seconds, Operation op) throws Exception {
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[clients];
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int index = c;
            Thread t = new Thread(() -> {
                int n = 0;
                try {
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        op.run();
                        long took = System.nanoTime() - start;
                        if (start >= warmupEnd && n < mine.length) {
                            mine[n++] = took;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                counts[index] = n;
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, k, (int) counts[c]);
            k += (int) counts[c];
        }
        Arrays.sort(all);
        return new Result(total, seconds, all[(int) (total * 0.50)] / 1e6, all[(int) Math.min(total - 1, total * 0.99)] / 1e6);
    }

    private static void createBareTable(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_b0 (id VARCHAR(40) PRIMARY KEY, member VARCHAR(64), amount BIGINT,"
                    + " at BIGINT)");
            c.commit();
        }
    }

    private static void bareInsert(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO bench_b0 (id, member, amount, at) VALUES (?,?,?,?)")) {
            ps.setString(1, java.util.UUID.randomUUID().toString());
            ps.setString(2, "m");
            ps.setLong(3, 1_990_00);
            ps.setLong(4, System.nanoTime());
            ps.executeUpdate();
            c.commit();
        }
    }

    static void primaryKeySelect(HikariDataSource pool, ProgramId program, String txid) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM kopilka_sales WHERE program = ? AND txid = ?")) {
            ps.setString(1, program.value());
            ps.setString(2, txid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rs.getString("data");
            }
            c.commit();
        }
    }

    /**
     * Gives every member the statistics row registration gives them (members seeded before this existed had none,
     * so each one's first purchase paid for creating it: three more round trips no registered member pays).
     */
    static void seedStatistics(HikariDataSource pool, ProgramId program, boolean postgresql) throws SQLException {
        String sameMember = postgresql ? "s.member_id = m.id COLLATE \"C\"" : "s.member_id = m.id";
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + "kopilka_member_stats (program, member_id, joined_at, joined_on, home_store, purchase_count, "
                + "purchase_sum, tier, telegram_reachable, sms_reachable, blocked) SELECT m.program, m.id, m.joined_at, "
                + "CURRENT_DATE, m.home_store, 0, 0, 'base', FALSE, m.phone IS NOT NULL, m.blocked FROM kopilka_members m "
                + "WHERE m.program = ? AND NOT EXISTS (SELECT 1 FROM kopilka_member_stats s WHERE s.program = m.program "
                + "AND " + sameMember + ")")) {
            ps.setString(1, program.value());
            int added = ps.executeUpdate();
            c.commit();
            if (added > 0) {
                System.out.printf("gave %,d members their statistics row%n", added);
            }
        }
    }

    /** Creates the member base once (bulk SQL into Kopilka's own tables: members, accounts, one big lot each). */
    private static List<MemberId> seed(HikariDataSource pool, ProgramId program, int members) throws SQLException {
        List<MemberId> ids = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            ids.add(MemberId.of(String.format("m%08d", i)));
        }
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM kopilka_members WHERE program = ?")) {
                count.setString(1, program.value());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= members) {
                        c.commit();
                        return ids;
                    }
                }
            }
            long now = Instant.now().getEpochSecond() * 1_000_000_000L;
            long started = System.nanoTime();
            try (PreparedStatement m = c.prepareStatement("INSERT INTO kopilka_members (program, id, phone, card_number, "
                    + "external_id, telegram_user_id, name, birthday, birthday_change, joined_at, home_store, consents, "
                    + "blocked, blocked_reason, version) VALUES (?,?,?,NULL,NULL,NULL,NULL,NULL,NULL,?,'store-1','',false,NULL,0)");
                    PreparedStatement l = c.prepareStatement("INSERT INTO kopilka_lots (program, id, member_id, source, "
                            + "points, remaining, created_at, activates_at, expires_at, reference) "
                            + "VALUES (?,?,?,'MANUAL',1000000,1000000,?,?,NULL,'seed')")) {
                for (int i = 0; i < members; i++) {
                    String id = ids.get(i).value();
                    m.setString(1, program.value());
                    m.setString(2, id);
                    m.setString(3, String.format("+7900%07d", i));
                    m.setLong(4, now);
                    m.addBatch();
                    l.setString(1, program.value());
                    l.setString(2, "seed-" + id);
                    l.setString(3, id);
                    l.setLong(4, now);
                    l.setLong(5, now);
                    l.addBatch();
                    if (i % 1024 == 1023) {
                        m.executeBatch();
                        l.executeBatch();
                    }
                }
                m.executeBatch();
                l.executeBatch();
            }
            c.commit();
            System.out.printf("seeded %,d members in %.1f s%n", members, (System.nanoTime() - started) / 1e9);
        }
        return ids;
    }
}
