package dev.kopilka.demo.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code simulate}: a synthetic retailer living D days under a preset's campaigns. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a retailer (synthetic members with a year of history) for D days with every preset "
                + "campaign live, the daily sweep and the dispatcher; print per-campaign treated/control, rewards, "
                + "messages by channel, their cost and revenue. Deterministic for a seed.")
public final class SimulateCommand implements Callable<Integer> {

    /** Defaults named once (also in docs/demo.md). */
    public static final int DEFAULT_MEMBERS = 2_000;
    public static final int DEFAULT_DAYS = 30;
    public static final long DEFAULT_SEED = 7;
    public static final String DEFAULT_SMS_PRICE = "3.50";

    @ParentCommand
    Terminal terminal;

    @Option(names = "--preset", required = true, paramLabel = "NAME", description = "tools-chain or cosmetics-chain")
    String preset;

    @Option(names = "--members", paramLabel = "N", defaultValue = "" + DEFAULT_MEMBERS,
            description = "members of the synthetic retailer (default: ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--days", paramLabel = "D", defaultValue = "" + DEFAULT_DAYS,
            description = "simulated days with campaigns live (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + DEFAULT_SEED,
            description = "the same seed gives the same run (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--store", paramLabel = "h2|memory", defaultValue = "h2",
            description = "h2 (default): the embedded H2 file database, a fresh file per run under --data-dir; "
                    + "memory: the heap, several times faster for large simulations")
    String store;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "where --store h2 keeps its file, simulate-<preset>-<seed>.mv.db, replaced at each run "
                    + "(default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--sms-price", paramLabel = "RUB", defaultValue = DEFAULT_SMS_PRICE,
            description = "price of one SMS segment in roubles (default: ${DEFAULT-VALUE})")
    String smsPrice;

    @Option(names = "--response-rate", paramLabel = "0..1", defaultValue = "0.30",
            description = "share of members reached by an offer who come and buy (default: ${DEFAULT-VALUE})")
    double responseRate;

    @Option(names = "--baseline-rate", paramLabel = "0..1", defaultValue = "0.08",
            description = "share of the others (control group, unreached) who come anyway (default: ${DEFAULT-VALUE})")
    double baselineRate;

    @Option(names = "--attribution-days", paramLabel = "DAYS", defaultValue = "14",
            description = "receipts counted as a participation's revenue for this many days (default: ${DEFAULT-VALUE})")
    int attributionDays;

    @Option(names = "--telegram-qr", paramLabel = "0..1", defaultValue = "0.5",
            description = "share of new members with Telegram who register by scanning the till's QR code, through "
                    + "the real bot against the fake Bot API (default: ${DEFAULT-VALUE})")
    double telegramQr;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "where to write the analytics HTML report (default: kopilka-<preset>-<seed>.html)")
    Path report;

    @Option(names = "--no-report", description = "write no HTML report")
    boolean noReport;

    @Override
    public Integer call() {
        Simulation.presetConfig(preset); // an unknown preset fails before any work
        if (members < 1 || members > 10_000_000) {
            throw new UserError("--members must be 1..10,000,000, was " + members);
        }
        if (days < 1 || days > 3_650) {
            throw new UserError("--days must be 1..3,650, was " + days);
        }
        DemoStores.Kind kind = DemoStores.Kind.parse("--store", store);
        for (double rate : new double[] {responseRate, baselineRate, telegramQr}) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new UserError("--response-rate, --baseline-rate and --telegram-qr must be 0..1, was " + rate);
            }
        }
        if (attributionDays < 1 || attributionDays > 365) {
            throw new UserError("--attribution-days must be 1..365, was " + attributionDays);
        }
        long price;
        try {
            price = Money.kopecks(smsPrice);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new UserError("--sms-price must be roubles with at most two decimals, was '" + smsPrice + "'");
        }
        if (price < 0) {
            throw new UserError("--sms-price must not be negative, was '" + smsPrice + "'");
        }
        Simulation.Settings settings = new Simulation.Settings(preset, members, days, seed, kind, dataDir, price,
                new Simulation.Behaviour(responseRate, baselineRate, Simulation.Behaviour.DEFAULT.responseDays(),
                        attributionDays), telegramQr);
        Simulation.Result result = new Simulation(settings, terminal.err()).run();
        SimulationReport.print(result, new PrintWriter(terminal.out(), true, StandardCharsets.UTF_8));
        if (!noReport) {
            Path file = report != null ? report : Path.of("kopilka-" + preset + "-" + seed + ".html");
            try {
                java.nio.file.Files.writeString(file, dev.kopilka.analytics.AnalyticsExport.html(result.analytics()),
                        StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new UserError("--report: cannot write " + file + ": " + e.getMessage());
            }
            terminal.out().println("analytics report (attributed and incremental ROI with intervals, channels, "
                    + "program health): " + file.toAbsolutePath());
        }
        return 0;
    }
}
