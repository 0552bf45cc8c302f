package dev.kopilka.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.member.MemberId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;

/**
 * B3 of {@link JdbcPurchaseScenario} alone, one client: a primary-key SELECT of a stored sale and a replay of that
 * receipt by an instance without a replay cache ({@code kopilka.checkout.replay-cache-size=0}), alternated in short
 * rounds so that both see the same load on a shared machine; prints each round's p50 and p99 and the median of
 * the rounds' p50 ratios. Run {@link JdbcPurchaseScenario} first (it seeds the members).
 *
 * <pre>java -cp benchmarks.jar dev.kopilka.benchmarks.JdbcReplayProbe [jdbcUrl user password members seconds rounds]</pre>
 */
public final class JdbcReplayProbe {

    private JdbcReplayProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, 0, "jdbc:postgresql://127.0.0.1:5432/test");
        String user = arg(args, 1, "postgres");
        String password = arg(args, 2, "");
        int members = Integer.parseInt(arg(args, 3, "400000"));
        double seconds = Double.parseDouble(arg(args, 4, "1"));
        int rounds = Integer.parseInt(arg(args, 5, "10"));
        Map<String, String> config = Map.of("kopilka.program.id", "bench-" + members,
                "kopilka.earning.delay", "P1D", "kopilka.redemption.max-percent", "30");
        try (HikariDataSource pool = ScenarioDatabase.pool(url, user, password, 16)) {
            Kopilka seller = Kopilka.builder(KopilkaConfig.fromMap(config))
                    .store(JdbcStore.builder(pool).build()).build();
            ProgramId program = seller.program();
            MemberId member = firstMember(pool, program);
            String stored = "replay-probe-" + System.currentTimeMillis();
            PurchaseRequest request = JdbcPurchaseScenario.receipt(member);
            seller.checkout().purchase(program, stored, request).orElseThrow();
            Map<String, String> coldConfig = new java.util.HashMap<>(config);
            coldConfig.put("kopilka.checkout.replay-cache-size", "0");
            Kopilka cold = Kopilka.builder(KopilkaConfig.fromMap(coldConfig))
                    .store(JdbcStore.builder(pool).migrate(false).build()).build();
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double[] select = measure(seconds, () -> JdbcPurchaseScenario.primaryKeySelect(pool, program, stored));
                double[] replay = measure(seconds, () -> cold.checkout().purchase(program, stored, request).orElseThrow());
                ratios[r] = replay[0] / select[0];
                System.out.printf("round %2d: PK SELECT p50 %.4f p99 %.4f ms | replay p50 %.4f p99 %.4f ms | ratio %.2f%n",
                        r + 1, select[0], select[1], replay[0], replay[1], ratios[r]);
            }
            Arrays.sort(ratios);
            System.out.printf("B3 replay from the database / PK SELECT, median of %d rounds' p50 ratios: %.2f%n", rounds,
                    ratios[rounds / 2]);
        }
    }

    private static MemberId firstMember(HikariDataSource pool, ProgramId program) throws Exception {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM kopilka_members WHERE program = ? ORDER BY id LIMIT 1")) {
            ps.setString(1, program.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no members in " + program.value() + ": run JdbcPurchaseScenario first");
                }
                MemberId id = new MemberId(rs.getString(1));
                c.commit();
                return id;
            }
        }
    }

    /** p50 and p99 in ms of {@code op} run for {@code seconds} after half a second of warm-up. */
    private static double[] measure(double seconds, JdbcPurchaseScenario.Operation op) throws Exception {
        long warm = System.nanoTime() + 500_000_000L;
        long end = warm + (long) (seconds * 1e9);
        long[] latencies = new long[1 << 20];
        int n = 0;
        while (true) {
            long start = System.nanoTime();
            if (start >= end) {
                break;
            }
            op.run();
            if (start >= warm && n < latencies.length) {
                latencies[n++] = System.nanoTime() - start;
            }
        }
        long[] all = Arrays.copyOf(latencies, n);
        Arrays.sort(all);
        return new double[] {all[n / 2] / 1e6, all[Math.min(n - 1, (int) (n * 0.99))] / 1e6};
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }
}
