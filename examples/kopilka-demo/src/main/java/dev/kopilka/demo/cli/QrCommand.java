package dev.kopilka.demo.cli;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.telegram.RegistrationQr;
import dev.kopilka.telegram.StartPayloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code qr}: the till's Telegram registration QR code, through the Telegram module's {@link RegistrationQr}. */
@Command(name = "qr", mixinStandardHelpOptions = true,
        description = "Print the Telegram registration link of a store's till and save its QR code (PNG or SVG).")
public final class QrCommand implements Callable<Integer> {

    /** Used only when no bot is configured: links then open a bot that does not exist. */
    public static final String DEMO_BOT = "kopilka_demo_bot";
    /** Used only when no secret is configured, with a warning: codes signed with it prove nothing. */
    static final String DEMO_SECRET = "kopilka-demo-secret-not-for-production-use";

    @ParentCommand
    Terminal terminal;

    @Option(names = "--store", required = true, paramLabel = "S", description = "the store the code registers customers at")
    String store;

    @Option(names = "--till", paramLabel = "T", description = "the till (default: one code for the whole store)")
    String till;

    @Option(names = "--config", paramLabel = "FILE",
            description = "properties with kopilka.telegram.bot-username and kopilka.telegram.qr.secret")
    Path config;

    @Option(names = "--out", paramLabel = "FILE.png|FILE.svg", description = "where to save the image (default: only print the link)")
    Path outFile;

    @Override
    public Integer call() throws IOException {
        KopilkaConfig program = config == null ? KopilkaConfig.defaults() : Configs.load(config);
        String bot = orDefault(program.get("kopilka.telegram.bot-username"), null);
        String secret = orDefault(program.get("kopilka.telegram.qr.secret"),
                System.getenv(orDefault(program.get("kopilka.telegram.qr.secret-env"), "KOPILKA_TELEGRAM_QR_SECRET")));
        if (bot == null) {
            bot = DEMO_BOT;
            terminal.err().println("warning: no kopilka.telegram.bot-username configured: the link names " + DEMO_BOT);
        }
        if (secret == null) {
            secret = DEMO_SECRET;
            terminal.err().println("warning: no kopilka.telegram.qr.secret configured: the code is signed with the"
                    + " demo's public secret; configure your own before printing codes for a real till");
        } else if (secret.length() < 32) {
            throw new UserError((config == null ? "environment" : config.toString())
                    + ": kopilka.telegram.qr.secret must be at least 32 characters");
        }
        int size = Integer.parseInt(orDefault(program.get("kopilka.telegram.qr.size"), "600"));
        RegistrationQr qr;
        try {
            qr = new RegistrationQr(bot, new StartPayloads(secret), size);
            terminal.out().println(qr.deepLink(store, till));
        } catch (IllegalArgumentException e) {
            throw new UserError("--store/--till: " + e.getMessage());
        }
        if (outFile != null) {
            String name = outFile.getFileName().toString().toLowerCase(Locale.ROOT);
            byte[] image;
            if (name.endsWith(".png")) {
                image = qr.png(store, till);
            } else if (name.endsWith(".svg")) {
                image = qr.svg(store, till).getBytes(StandardCharsets.UTF_8);
            } else {
                throw new UserError("--out must end with .png or .svg, was '" + outFile + "'");
            }
            Path parent = outFile.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UserError("--out: no such directory " + parent);
            }
            Files.write(outFile, image);
            terminal.out().println("saved " + outFile + " (" + image.length + " bytes)");
        }
        return 0;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
