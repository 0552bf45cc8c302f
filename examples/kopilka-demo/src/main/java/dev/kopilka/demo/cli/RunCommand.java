package dev.kopilka.demo.cli;

import dev.kopilka.Kopilka;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.LogChannel;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.telegram.TelegramBot;
import dev.kopilka.telegram.TelegramChannel;
import dev.kopilka.telegram.TelegramConnection;
import dev.kopilka.telegram.TelegramSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run}: the reference deployment. The store from the config (embedded H2 file by default), the daily
 * campaign sweep on its scheduler, the outbox dispatcher, the Telegram bot when a token is configured and the
 * log channel standing in for SMS. Runs until Ctrl-C (or {@code --for}), then closes everything in order.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the program of a properties file: store, campaign scheduler, dispatcher, Telegram bot "
                + "(with a token). Ctrl-C stops cleanly.")
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Terminal terminal;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the program's properties")
    Path config;

    @Option(names = "--for", paramLabel = "DURATION", description = "stop after this ISO-8601 duration, e.g. PT10M (default: until Ctrl-C)")
    Duration runFor;

    @Override
    public Integer call() throws InterruptedException {
        KopilkaConfig program = Configs.load(config);
        DemoSettings demo;
        try {
            demo = DemoSettings.from(program);
        } catch (dev.kopilka.config.InvalidConfigurationException e) {
            throw Configs.userError(config.toString(), e);
        }
        Deployment deployment = Deployment.start(program, config.toString(), terminal);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            deployment.close();
            stopped.countDown();
        }, "kopilka-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        terminal.out().println("running " + deployment.describe() + "; Ctrl-C stops");
        long waitMillis = runFor == null ? Long.MAX_VALUE : runFor.toMillis();
        long deadline = System.currentTimeMillis() + Math.min(waitMillis, Long.MAX_VALUE / 2);
        while (!stopped.await(Math.min(demo.healthInterval().toMillis(), Math.max(1, deadline - System.currentTimeMillis())),
                TimeUnit.MILLISECONDS)) {
            if (System.currentTimeMillis() >= deadline) {
                Runtime.getRuntime().removeShutdownHook(hook);
                deployment.close();
                break;
            }
            terminal.out().println(deployment.health());
        }
        terminal.out().println("stopped cleanly");
        return 0;
    }

    /** The wired engine and what runs beside it. */
    static final class Deployment implements AutoCloseable {
        private final Kopilka kopilka;
        private final AutoCloseable scheduler;
        private final TelegramBot bot;
        private final TelegramConnection telegram;
        private boolean closed;

        private Deployment(Kopilka kopilka, AutoCloseable scheduler, TelegramBot bot, TelegramConnection telegram) {
            this.kopilka = kopilka;
            this.scheduler = scheduler;
            this.bot = bot;
            this.telegram = telegram;
        }

        /** @param withBackground false for {@code health}: nothing is started, only looked at */
        static Deployment start(KopilkaConfig program, String source, Terminal terminal) {
            return open(program, source, terminal, true);
        }

        static Deployment open(KopilkaConfig program, String source, Terminal terminal, boolean withBackground) {
            TelegramConnection telegram = null;
            Messaging.Setup setup = Messaging.setup();
            if (telegramConfigured(program)) {
                try {
                    telegram = TelegramConnection.open(TelegramSettings.from(program));
                } catch (dev.kopilka.config.InvalidConfigurationException e) {
                    throw Configs.userError(source, e);
                }
                setup.channel(TelegramChannel.on(telegram));
            } else {
                terminal.err().println("Telegram off: no kopilka.telegram.token (or its environment variable) configured");
            }
            // the console channel stands in for SMS until a gateway (kopilka-sms) is wired by the integrator
            setup.channel(new LogChannel());
            KopilkaConfig wired = withBackground ? program
                    : Configs.overlay(program, java.util.Map.of("kopilka.messaging.autostart", "false"));
            Kopilka kopilka;
            try {
                kopilka = Kopilka.builder(wired).messaging(setup).build();
            } catch (dev.kopilka.config.InvalidConfigurationException e) {
                if (telegram != null) {
                    telegram.close();
                }
                throw Configs.userError(source, e);
            }
            AutoCloseable scheduler = withBackground ? kopilka.campaigns().startScheduler(kopilka.program()) : null;
            TelegramBot bot = withBackground && telegram != null
                    ? TelegramBot.builder(kopilka, telegram).start() : null;
            return new Deployment(kopilka, scheduler, bot, telegram);
        }

        static boolean telegramConfigured(KopilkaConfig program) {
            String token = program.get(TelegramSettings.TOKEN);
            String env = program.get(TelegramSettings.TOKEN_ENV);
            String fromEnv = System.getenv(env == null || env.isBlank() ? "KOPILKA_TELEGRAM_TOKEN" : env.strip());
            return (token != null && !token.isBlank()) || (fromEnv != null && !fromEnv.isBlank());
        }

        Kopilka kopilka() {
            return kopilka;
        }

        String describe() {
            String url = kopilka.config().get("kopilka.jdbc.url");
            return "program " + kopilka.program() + " (zone " + kopilka.config().zone() + ", store "
                    + kopilka.config().storeName() + (kopilka.config().storeName().equals("memory") ? ""
                            : " " + (url == null ? "jdbc:h2:file:./data/kopilka" : url)) + ", campaigns " + kopilka.campaigns().definitions().size()
                    + ", Telegram " + (telegram == null ? "off" : "on") + ")";
        }

        String health() {
            return "health: outbox " + kopilka.messaging().backlog(kopilka.program())
                    + (bot == null ? "" : ", bot updates handled " + bot.handledUpdates() + " failed " + bot.failedUpdates());
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // the bot first (no new work), then the sweep, then the engine (dispatcher, store)
            if (bot != null) {
                bot.close();
            }
            if (scheduler != null) {
                try {
                    scheduler.close();
                } catch (Exception e) {
                    throw new IllegalStateException("the campaign scheduler did not stop", e);
                }
            }
            kopilka.close();
            if (telegram != null) {
                telegram.close();
            }
        }
    }
}
