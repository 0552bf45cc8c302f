package dev.kopilka.demo;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.demo.cli.Configs;
import dev.kopilka.demo.cli.DemoStores;
import dev.kopilka.demo.cli.HealthCommand;
import dev.kopilka.demo.cli.QrCommand;
import dev.kopilka.demo.cli.ReplayCommand;
import dev.kopilka.demo.cli.RunCommand;
import dev.kopilka.demo.cli.SimulateCommand;
import dev.kopilka.demo.cli.Terminal;
import dev.kopilka.demo.cli.UserError;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The demo's command line. Without a command it narrates a day at the till, simulates a short period of the
 * cosmetics chain with every campaign live, and lists the commands: the README's first screen.
 */
@Command(name = "kopilka-demo", mixinStandardHelpOptions = true, version = "kopilka-demo 0.1.0",
        description = "Kopilka's demo: a retailer's loyalty program on embedded defaults, a simulator and a "
                + "what-if replay of your own receipts. Without a command: the till walk-through, a short "
                + "simulation and this help.",
        subcommands = {SimulateCommand.class, ReplayCommand.class, RunCommand.class, HealthCommand.class,
                QrCommand.class, KopilkaDemo.Till.class, CommandLine.HelpCommand.class})
public final class KopilkaDemo implements Callable<Integer>, Terminal {

    /** Exit code of a user's mistake (bad option, file, line or key). */
    public static final int USER_ERROR = 2;
    /** The first screen's simulation: small enough for a few seconds, big enough for every campaign to act. */
    static final int FIRST_SCREEN_MEMBERS = 1_000;
    static final int FIRST_SCREEN_DAYS = 30;

    private final PrintStream out;
    private final PrintStream err;
    private CommandLine commandLine;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "without a command: where the walk-through and the simulation keep their embedded H2 "
                    + "files, replaced at each run (default: ${DEFAULT-VALUE})")
    Path dataDir;

    KopilkaDemo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs one command line; what a test calls. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        KopilkaDemo root = new KopilkaDemo(out, err);
        CommandLine cli = new CommandLine(root);
        root.commandLine = cli;
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof UserError) {
                line.getErr().println("error: " + e.getMessage());
                return USER_ERROR;
            }
            if (e instanceof InvalidConfigurationException invalid) {
                line.getErr().println("error: " + invalid.getMessage());
                return USER_ERROR;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public Integer call() {
        out.println("Kopilka demo: no command given, so a day at the cosmetics chain's till, then a month of its"
                + " campaigns simulated, then the commands. Both run on the embedded H2 file database under "
                + dataDir + "/ (nothing to install; the files are replaced at each run).");
        KopilkaConfig program = KopilkaConfig.loadFromClasspath("cosmetics-chain.properties");
        new TillDemo(program, out, DemoStores.openEmpty(DemoStores.Kind.H2, dataDir, Till.DATABASE, program)).run();
        out.println();
        out.println("== A month of the cosmetics chain's campaigns (simulate --preset cosmetics-chain --members "
                + FIRST_SCREEN_MEMBERS + " --days " + FIRST_SCREEN_DAYS + ")");
        int code = commandLine.execute("simulate", "--preset", "cosmetics-chain", "--members",
                String.valueOf(FIRST_SCREEN_MEMBERS), "--days", String.valueOf(FIRST_SCREEN_DAYS), "--no-report",
                "--data-dir", dataDir.toString());
        out.println();
        commandLine.usage(out);
        out.println();
        out.println("Try: simulate --preset tools-chain --members 20000 --days 90 --store memory   |   docs/demo.md"
                + " explains every command.");
        return code;
    }

    /** The narrated walk through the till. */
    @Command(name = "till", mixinStandardHelpOptions = true,
            description = "Narrate a day (and a year) at the cosmetics chain's till on an empty embedded store.")
    static final class Till implements Callable<Integer> {

        /** The walk-through's H2 database under the data directory. */
        static final String DATABASE = "till";

        @ParentCommand
        KopilkaDemo root;

        @Option(names = "--config", paramLabel = "FILE", description = "program properties (default: the cosmetics chain's example)")
        Path config;

        @Option(names = "--store", paramLabel = "h2|memory", defaultValue = "h2",
                description = "h2 (default): the embedded H2 file database --data-dir/till.mv.db, replaced at each "
                        + "run; memory: the heap")
        String store;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
                description = "where --store h2 keeps its file (default: ${DEFAULT-VALUE})")
        Path dataDir;

        @Override
        public Integer call() {
            DemoStores.Kind kind = DemoStores.Kind.parse("--store", store);
            KopilkaConfig program = config == null ? KopilkaConfig.loadFromClasspath("cosmetics-chain.properties")
                    : Configs.load(config);
            // campaigns are what simulate shows; the walk-through shows the ledger alone
            new TillDemo(program, root.out(), DemoStores.openEmpty(kind, dataDir, DATABASE, program)).run();
            return 0;
        }
    }
}
