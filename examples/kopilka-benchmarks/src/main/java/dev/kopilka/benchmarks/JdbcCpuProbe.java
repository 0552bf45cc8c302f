package dev.kopilka.benchmarks;

import com.zaxxer.hikari.HikariConfig;
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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What B0 and B2 of {@link JdbcPurchaseScenario} cost in CPU, one client on one connection: this JVM thread's CPU
 * and the PostgreSQL backend's (read from {@code /proc}, so the server must run on this machine), and the bytes of
 * write-ahead log each operation makes (what the server must write and flush before a commit returns). At saturation
 * throughput is bounded by CPU per operation, so the ratio of these sums predicts B2/B0 at 8+ clients on a
 * machine the JVM and the database share — and unlike throughput it hardly moves with other load.
 * Run {@link JdbcPurchaseScenario} first (it seeds the members).
 *
 * <pre>java -cp benchmarks.jar dev.kopilka.benchmarks.JdbcCpuProbe [jdbcUrl user password members operations]</pre>
 */
public final class JdbcCpuProbe {

    /** Linux's USER_HZ: /proc times are in 1/100 s. */
    private static final double TICK_MS = 10.0;

    private JdbcCpuProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String password = args.length > 2 ? args[2] : "";
        int members = args.length > 3 ? Integer.parseInt(args[3]) : 400_000;
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 3_000;
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(1);
        hikari.setAutoCommit(false);
        try (HikariDataSource pool = new HikariDataSource(hikari)) {
            int pid;
            try (Connection c = pool.getConnection();
                    ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
                c.commit();
            }
            Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", "bench-" + members,
                    "kopilka.earning.delay", "P1D", "kopilka.redemption.max-percent", "30")))
                    .store(JdbcStore.builder(pool).migrate(false).build()).build(); // one connection: no Flyway
            ProgramId program = kopilka.program();
            JdbcPurchaseScenario.seedStatistics(pool, program, ScenarioDatabase.isPostgres(url));
            // B3: replays of one stored receipt by an instance that keeps none in memory, vs PK SELECTs of its row
            Kopilka cold = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", "bench-" + members,
                    "kopilka.earning.delay", "P1D", "kopilka.redemption.max-percent", "30",
                    "kopilka.checkout.replay-cache-size", "0")))
                    .store(JdbcStore.builder(pool).migrate(false).build()).build();
            String stored = "cpu-replay-" + System.nanoTime();
            PurchaseRequest storedRequest = JdbcPurchaseScenario.receipt(MemberId.of("m00000001"));
            kopilka.checkout().purchase(program, stored, storedRequest).orElseThrow();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            PhysicalPurchase physical = new PhysicalPurchase(); // the probe reads a PostgreSQL backend's CPU anyway
            System.out.println("round | B0 JVM ms  B0 DB ms  B0 WAL kB | B1 JVM ms  B1 DB ms  B1 WAL kB | B2 JVM ms  B2 DB ms  B2 WAL kB | B2/B0 CPU "
                    + "| B1/B0 CPU | B2/B1 CPU | B3 JVM ms  B3 DB ms | PK JVM ms  PK DB ms | B3/PK CPU");
            for (int round = 1; round <= 3; round++) { // the first round warms the JIT up
                long jvm0 = threads.getCurrentThreadCpuTime();
                long db0 = backendTicks(pid);
                long wal0 = walBytes(pool);
                for (int i = 0; i < n; i++) {
                    bareInsert(pool);
                }
                long jvm1 = threads.getCurrentThreadCpuTime();
                long db1 = backendTicks(pid);
                long wal1 = walBytes(pool);
                String physicalRun = "cpu-b1-" + System.nanoTime() + "-";
                for (int i = 0; i < n; i++) {
                    String m = String.format("m%08d", 1 + ThreadLocalRandom.current().nextInt(members - 1));
                    physical.run(pool, program.value(), m, physicalRun + i);
                }
                long jvm1b = threads.getCurrentThreadCpuTime();
                long db1b = backendTicks(pid);
                long wal1b = walBytes(pool);
                String run = "cpu" + System.nanoTime() + "-";
                for (int i = 0; i < n; i++) {
                    MemberId m = MemberId.of(String.format("m%08d", 1 + ThreadLocalRandom.current().nextInt(members - 1)));
                    kopilka.checkout().purchase(program, run + i, JdbcPurchaseScenario.receipt(m)).orElseThrow();
                }
                long jvm2 = threads.getCurrentThreadCpuTime();
                long db2 = backendTicks(pid);
                long wal2 = walBytes(pool);
                for (int i = 0; i < n; i++) {
                    cold.checkout().purchase(program, stored, storedRequest).orElseThrow();
                }
                long jvm3 = threads.getCurrentThreadCpuTime();
                long db3 = backendTicks(pid);
                for (int i = 0; i < n; i++) {
                    JdbcPurchaseScenario.primaryKeySelect(pool, program, stored);
                }
                long jvm4 = threads.getCurrentThreadCpuTime();
                long db4 = backendTicks(pid);
                double b0 = (jvm1 - jvm0) / 1e6 / n + (db1 - db0) * TICK_MS / n;
                double b1 = (jvm1b - jvm1) / 1e6 / n + (db1b - db1) * TICK_MS / n;
                double b2 = (jvm2 - jvm1b) / 1e6 / n + (db2 - db1b) * TICK_MS / n;
                double b3 = (jvm3 - jvm2) / 1e6 / n + (db3 - db2) * TICK_MS / n;
                double pk = (jvm4 - jvm3) / 1e6 / n + (db4 - db3) * TICK_MS / n;
                System.out.printf("%5d | %9.3f %9.3f %10.1f | %9.3f %9.3f %10.1f | %9.3f %9.3f %10.1f | %9.2f | %9.2f "
                        + "| %9.2f | %9.3f %9.3f | %9.3f %9.3f | %9.2f%n", round,
                        (jvm1 - jvm0) / 1e6 / n, (db1 - db0) * TICK_MS / n, (wal1 - wal0) / 1024.0 / n,
                        (jvm1b - jvm1) / 1e6 / n, (db1b - db1) * TICK_MS / n, (wal1b - wal1) / 1024.0 / n,
                        (jvm2 - jvm1b) / 1e6 / n, (db2 - db1b) * TICK_MS / n, (wal2 - wal1b) / 1024.0 / n, b2 / b0,
                        b1 / b0, b2 / b1,
                        (jvm3 - jvm2) / 1e6 / n, (db3 - db2) * TICK_MS / n, (jvm4 - jvm3) / 1e6 / n,
                        (db4 - db3) * TICK_MS / n, b3 / pk);
            }
        }
    }

    private static void bareInsert(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO bench_b0 (id, member, amount, at) VALUES (?,?,?,?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, "m");
            ps.setLong(3, 1_990_00);
            ps.setLong(4, System.nanoTime());
            ps.executeUpdate();
            c.commit();
        }
    }

    /** Where the write-ahead log is (bytes since its start): the difference is what the operations logged. */
    private static long walBytes(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")) {
            rs.next();
            long bytes = rs.getLong(1);
            c.commit();
            return bytes;
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/pid/stat). */
    private static long backendTicks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
