package dev.kopilka.demo.cli;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.OutboxState;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code health}: can the store be reached, which channels are configured, how big is the outbox backlog. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Check the store, the channels and the outbox backlog of a program; exit 1 when unhealthy.")
public final class HealthCommand implements Callable<Integer> {

    /** Dead messages above this make the program unhealthy: someone must look at them. */
    static final long DEAD_LIMIT = 0;

    @ParentCommand
    Terminal terminal;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the program's properties")
    Path config;

    @Override
    public Integer call() {
        KopilkaConfig program = Configs.load(config);
        try (RunCommand.Deployment d = RunCommand.Deployment.open(program, config.toString(), terminal, false)) {
            Map<OutboxState, Long> backlog = d.kopilka().messaging().backlog(d.kopilka().program());
            terminal.out().println("store: reachable, " + d.describe());
            terminal.out().println("channels: telegram " + (RunCommand.Deployment.telegramConfigured(program)
                    ? "configured" : "off (no token)") + ", sms: log stand-in, log: on");
            terminal.out().println("outbox: " + backlog);
            long dead = backlog.getOrDefault(OutboxState.DEAD, 0L);
            if (dead > DEAD_LIMIT) {
                terminal.out().println("UNHEALTHY: " + dead + " dead messages");
                return 1;
            }
            terminal.out().println("healthy");
            return 0;
        }
    }
}
