package dev.kopilka.benchmarks;

import static dev.kopilka.benchmarks.ScenarioDatabase.count;

import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.campaign.SweepReport;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.testkit.SettableClock;
import dev.kopilka.testkit.SyntheticRetailer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The campaigns' daily sweep over a synthetic base (the cosmetics chain's preset: inactive 30 and 75 days, birthday
 * in 2 days) next to a bare {@code SELECT count(*)} of the statistics table in the same run.
 *
 * <p>The base is the statistics fast path of {@link SegmentScenario} (narrow per-member rows only, no day rows, no
 * member rows): the sweep selects its candidates from the statistics table with the same queries as in production,
 * then looks each candidate up in the members table, finds none and so grants and enqueues nothing. What is
 * measured is therefore the selection and the per-candidate check, not the participations and messages (those are
 * the outbox enqueue, measured by {@link OutboxScenario}). The campaigns are first swept once for yesterday (the
 * first sweep after enabling: the inactivity campaigns look back over every lapse, S2); each repetition then
 * deletes today's {@code campaign_runs} rows and sweeps today, the steady state (S1): only lapses that reached their
 * threshold since yesterday are selected.
 *
 * <p>Arguments: JDBC URL, user, password, members (default 400,000), repetitions (default 3), and {@code lapsed-window}
 * to cap the two inactivity campaigns at a day after their trigger ({@code trigger.max-days} 31 and 76): the sweep
 * then selects only the members who lapsed today, instead of every lapsed member every day (the preset's default).
 */
public final class SweepScenario {

    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private static final String PREFIX = "kopilka_";

    private SweepScenario() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String password = args.length > 2 ? args[2] : "";
        int members = args.length > 3 ? Integer.parseInt(args[3]) : 400_000;
        int repetitions = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        boolean lapsedWindow = args.length > 5 && "lapsed-window".equals(args[5]);
        SyntheticRetailer retailer = SyntheticRetailer.builder().seed(2025).members(members)
                .stores(List.of("store-1", "store-2", "store-3", "store-4", "store-5", "web"))
                .period(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)).telegramAdoption(0.1).build();
        String programName = "bench-sweep-" + members;
        try (HikariDataSource pool = ScenarioDatabase.pool(url, user, password, 4)) {
            SettableClock clock = new SettableClock(retailer.end(), ZONE);
            Map<String, String> config = new java.util.HashMap<>(Map.of("kopilka.program.id", programName,
                    "kopilka.program.zone", ZONE.getId(), "kopilka.campaigns.preset", "cosmetics-chain"));
            if (lapsedWindow) {
                config.put("kopilka.campaigns.churn-code.trigger.max-days", "31");
                config.put("kopilka.campaigns.churn-reminder.trigger.max-days", "76");
            }
            Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(config)).store(JdbcStore.builder(pool).build())
                    .clock(clock).build();
            ProgramId program = kopilka.program();
            String countSql = "SELECT count(*) FROM " + PREFIX + "member_stats WHERE program = ?";
            if (count(pool, countSql, programName) != members) {
                long t0 = System.nanoTime();
                SegmentScenario.load(pool, retailer, programName, false);
                System.out.printf("loaded %,d members' statistics in %.1f s%n", members, (System.nanoTime() - t0) / 1e9);
            }
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
            System.out.printf("%s: %,d members, today %s, %d repetitions (median)%s%n%n", url, members, today,
                    repetitions, lapsedWindow ? ", inactivity capped at trigger + 1 day" : "");
            double[] scan = new double[repetitions];
            double[] sweep = new double[repetitions];
            SweepReport report = null;
            count(pool, countSql, programName); // warm-up
            // S2: the first sweep of the campaigns (yesterday's, nothing swept before): inactivity looks back fully.
            execute(pool, "DELETE FROM " + PREFIX + "campaign_runs WHERE program = ?", programName, null);
            long f0 = System.nanoTime();
            SweepReport first = kopilka.campaigns().sweep(program, today.minusDays(1));
            double firstMs = (System.nanoTime() - f0) / 1e6;
            System.out.printf("first sweep (%s, full look-back): %,.0f ms (%,d candidates checked)%n", today.minusDays(1),
                    firstMs, first.membersScanned());
            for (int i = 0; i < repetitions; i++) {
                long t0 = System.nanoTime();
                count(pool, countSql, programName);
                scan[i] = (System.nanoTime() - t0) / 1e6;
                // Today's runs only: yesterday's stay finished, so each repetition is the steady-state daily sweep.
                execute(pool, "DELETE FROM " + PREFIX + "campaign_runs WHERE program = ? AND run_day = ?", programName,
                        today.toString());
                t0 = System.nanoTime();
                report = kopilka.campaigns().sweep(program, today);
                sweep[i] = (System.nanoTime() - t0) / 1e6;
                System.out.printf("run %d: scan %,.0f ms, sweep %,.0f ms (%,d candidates checked, ran %s)%n", i + 1,
                        scan[i], sweep[i], report.membersScanned(), report.ran());
            }
            Arrays.sort(scan);
            Arrays.sort(sweep);
            double s = scan[repetitions / 2];
            double w = sweep[repetitions / 2];
            System.out.printf("%nS0 bare count(*) of member_stats  %,9.0f ms%n", s);
            System.out.printf("S1 daily sweep (cosmetics-chain) %,9.0f ms   S1/S0 %.1f   %s%n", w, w / s, report);
            System.out.printf("S2 first sweep, full look-back   %,9.0f ms   S2/S0 %.1f   (one run)%n", firstMs,
                    firstMs / s);
            kopilka.close();
        }
    }


    private static void execute(HikariDataSource pool, String sql, String program, String day) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, program);
            if (day != null) {
                ps.setString(2, day);
            }
            ps.executeUpdate();
            c.commit();
        }
    }
}
