package dev.kopilka.benchmarks;

import static dev.kopilka.benchmarks.ScenarioDatabase.count;

import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.campaign.SweepReport;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
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
 * <p>{@code with-members} (a fresh database only) adds the member rows after yesterday's sweep, so today's sweep
 * rewards today's lapses and birthdays for real — grants, promo codes, participations, messages — and reports that
 * first run as S1m; later repetitions find today's occurrences served. Then the clock moves a day on and tomorrow is
 * swept once (S1d): a steady day, rewarding only the lapses and birthdays that fall due that day.
 *
 * <p>Arguments: JDBC URL, user, password, members (default 400,000), repetitions (default 3), then the flags
 * {@code with-members} and {@code lapsed-window}
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
        List<String> flags = args.length > 5 ? List.of(args).subList(5, args.length) : List.of();
        boolean lapsedWindow = flags.contains("lapsed-window");
        boolean withMembers = flags.contains("with-members");
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
            JdbcStore store = JdbcStore.builder(pool).build();
            Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(config)).store(store).clock(clock).build();
            ProgramId program = kopilka.program();
            if (withMembers && count(pool, "SELECT count(*) FROM " + PREFIX + "members WHERE program = ?", programName) > 0) {
                throw new IllegalStateException("with-members needs a database without this program's members "
                        + "(their earlier rewards would distort the run): use a fresh database");
            }
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
            if (withMembers) {
                // Yesterday's sweep found nobody to reward (no member rows yet); today's lapses and birthdays do.
                long m0 = System.nanoTime();
                insertMembers(store, program, retailer);
                // As autovacuum would by now on a production server (this one runs without): with no statistics
                // PostgreSQL plans the bulk member look-up as a scan of the whole table.
                ScenarioDatabase.analyze(pool, url, PREFIX + "members");
                System.out.printf("inserted %,d members in %.1f s%n", members, (System.nanoTime() - m0) / 1e9);
            }
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
            double firstRun = sweep[0]; // with-members: the only run that rewards anyone
            SweepReport nextDay = null;
            double nextDayMs = 0;
            if (withMembers) {
                // A steady day: tomorrow's sweep after today's, rewarding only the lapses and birthdays that fall due.
                clock.advanceDays(1);
                long t0 = System.nanoTime();
                nextDay = kopilka.campaigns().sweep(program, today.plusDays(1));
                nextDayMs = (System.nanoTime() - t0) / 1e6;
                System.out.printf("next day (%s): sweep %,.0f ms (%,d candidates checked)%n", today.plusDays(1),
                        nextDayMs, nextDay.membersScanned());
            }
            Arrays.sort(scan);
            Arrays.sort(sweep);
            double s = scan[repetitions / 2];
            double w = sweep[repetitions / 2];
            System.out.printf("%nS0 bare count(*) of member_stats  %,9.0f ms%n", s);
            if (withMembers) {
                // Only the first repetition rewards anyone; the later ones find today's occurrences served.
                System.out.printf("S1m daily sweep with its participants (run 1) %,9.0f ms   S1m/S0 %.1f%n",
                        firstRun, firstRun / s);
            }
            System.out.printf("S1 daily sweep (cosmetics-chain) %,9.0f ms   S1/S0 %.1f   %s%n", w, w / s, report);
            if (nextDay != null) {
                System.out.printf("S1d steady day with its participants (the next day) %,9.0f ms   S1d/S0 %.1f   %s%n",
                        nextDayMs, nextDayMs / s, nextDay);
            }
            System.out.printf("S2 first sweep, full look-back   %,9.0f ms   S2/S0 %.1f   (one run)%n", firstMs,
                    firstMs / s);
            kopilka.close();
        }
    }


    /** Member rows for the whole base (phone, birthday, home store, SMS consent), 2,000 per transaction. */
    private static void insertMembers(JdbcStore store, ProgramId program, SyntheticRetailer retailer) {
        int perTransaction = 2_000;
        for (int from = 0; from < retailer.memberCount(); from += perTransaction) {
            int first = from;
            int to = Math.min(retailer.memberCount(), from + perTransaction);
            store.inTransaction(program, tx -> {
                for (int i = first; i < to; i++) {
                    SyntheticRetailer.Joined j = (SyntheticRetailer.Joined) retailer.historyOf(i).get(0);
                    java.util.Set<Consent> consents = j.smsConsent() ? java.util.EnumSet.of(Consent.SMS_MARKETING)
                            : java.util.EnumSet.noneOf(Consent.class);
                    tx.members().insert(new Member(retailer.syntheticId(i), j.phone(), null, null, "Member " + i,
                            j.birthday(), null, j.at(), j.homeStore(), consents, false, null, null, 0));
                }
                return null;
            });
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
