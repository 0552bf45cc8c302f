package dev.kopilka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's commands as a user runs them: output, files and exit codes. */
class DemoCommandsTest {

    /** A campaign's row of the simulate summary. */
    record Row(String campaign, int treated, int control, long points, int telegram, int sms, int log,
            int controlMessages, int boughtTreated, int boughtControl) {
    }

    record Run(int exit, String out, String err) {
    }

    private static final Pattern ROW = Pattern.compile(
            "^([a-z-]+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\S+\\s+(\\d+)\\s+(\\d+)/(\\d+)\\s",
            Pattern.MULTILINE);

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KopilkaDemo.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Map<String, Row> rows(String out) {
        Map<String, Row> rows = new HashMap<>();
        Matcher m = ROW.matcher(out);
        while (m.find()) {
            rows.put(m.group(1), new Row(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Long.parseLong(m.group(4)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)),
                    Integer.parseInt(m.group(8)), Integer.parseInt(m.group(9)), Integer.parseInt(m.group(10)),
                    Integer.parseInt(m.group(11))));
        }
        return rows;
    }

    static Path resource(String name) {
        return Path.of("src/main/resources", name);
    }

    @Test
    void toolsChainMonthRewardsReactivatesAndGreetsWhileControlGroupsGetNothing(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("tools.html");
        // in the heap, so that the suite stays quick: the cosmetics chain's month and the first screen run on the
        // default embedded H2 file, and a test below shows both stores print the same summary
        Run r = run("simulate", "--preset", "tools-chain", "--members", "2000", "--days", "30", "--report",
                report.toString(), "--store", "memory");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Simulation of tools-chain: 2,000 members, 30 days (2026-03-02..2026-03-31), seed 7,"
                + " store memory");
        Map<String, Row> rows = rows(r.out());
        assertThat(rows).containsOnlyKeys("reactivation", "welcome-code", "birthday", "thank-you");
        // 250 points per reactivation, 500 per birthday: the rewards are exactly the preset's
        assertThat(rows.get("reactivation").points()).isEqualTo(250L * rows.get("reactivation").treated()).isPositive();
        assertThat(rows.get("birthday").points()).isEqualTo(500L * rows.get("birthday").treated()).isPositive();
        // the welcome code and its reminder three days later: more messages than treated members
        Row welcome = rows.get("welcome-code");
        assertThat(welcome.telegram() + welcome.sms() + welcome.log()).isGreaterThan(welcome.treated());
        for (Row row : rows.values()) {
            assertThat(row.treated()).as(row.campaign()).isPositive();
            assertThat(row.control()).as(row.campaign()).isPositive();
            assertThat(row.controlMessages()).as("messages to the control group of " + row.campaign()).isZero();
        }
        assertThat(rows.values().stream().mapToInt(Row::telegram).sum()).isPositive();
        assertThat(rows.values().stream().mapToInt(Row::sms).sum()).isPositive();
        // members answer offers: the reactivated come back more often than their control group
        assertThat(rows.get("reactivation").boughtTreated()).isGreaterThan(rows.get("reactivation").boughtControl());
        assertThat(r.out()).containsPattern("messaging cost [1-9][0-9,]*\\.\\d\\d RUB");
        assertThat(r.err()).contains("day 30/30");
        // the SDK's analytics of the same month, as a table and as the HTML report
        assertThat(r.out()).containsPattern("(?m)^reactivation\\s+[0-9,.]+\\s+-?[0-9,.]+\\s+-?[0-9.]+\\s+-?[0-9.]+$");
        assertThat(r.out()).contains("analytics report").contains(report.toAbsolutePath().toString());
        assertThat(Files.readString(report)).contains("<html").contains("reactivation").contains("welcome-code");
    }

    @Test
    void cosmeticsChainMonthRunsEverySweepAndEventCampaign(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("cosmetics.html");
        Run r = run("simulate", "--preset", "cosmetics-chain", "--members", "2000", "--days", "30", "--report",
                report.toString(), "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // the default store: the embedded H2 file database, one file per preset and seed
        assertThat(r.out()).contains("seed 7, store h2");
        assertThat(dir.resolve("simulate-cosmetics-chain-7.mv.db")).exists();
        // some new members scanned the till's QR code: registered and linked by the bot over HTTP
        assertThat(r.out()).containsPattern("298 registrations \\(([1-9]\\d*) through the Telegram QR flow\\)");
        Map<String, Row> rows = rows(r.out());
        assertThat(rows).containsKeys("welcome-points", "birthday-code", "churn-code", "churn-reminder",
                "telegram-bonus", "big-receipt", "repeat-purchase").doesNotContainKey("seasonal-offer");
        assertThat(rows.get("welcome-points").points()).isEqualTo(299L * rows.get("welcome-points").treated()).isPositive();
        assertThat(rows.get("telegram-bonus").points()).isEqualTo(300L * rows.get("telegram-bonus").treated()).isPositive();
        // the Telegram bonus reaches members through the bot they just linked, never by SMS
        assertThat(rows.get("telegram-bonus").telegram()).isPositive();
        assertThat(rows.get("telegram-bonus").sms()).isZero();
        assertThat(rows.get("big-receipt").points()).isEqualTo(3000L * rows.get("big-receipt").treated()).isPositive();
        for (String sweep : new String[] {"birthday-code", "churn-code", "churn-reminder"}) {
            assertThat(rows.get(sweep).treated()).as(sweep).isPositive();
        }
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.controlMessages()).as(row.campaign()).isZero());
        assertThat(rows.get("churn-code").boughtTreated()).isGreaterThan(rows.get("churn-code").boughtControl());
        assertThat(Files.readString(report)).contains("<html").contains("telegram-bonus").contains("churn-code");
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother(@TempDir Path dir) {
        // the second run of a seed replaces the first one's database: it starts from nothing again
        Run a = run("simulate", "--preset", "cosmetics-chain", "--members", "300", "--days", "10", "--seed", "3",
                "--no-report", "--data-dir", dir.toString());
        Run b = run("simulate", "--preset", "cosmetics-chain", "--members", "300", "--days", "10", "--seed", "3",
                "--no-report", "--data-dir", dir.toString());
        Run c = run("simulate", "--preset", "cosmetics-chain", "--members", "300", "--days", "10", "--seed", "4",
                "--no-report", "--data-dir", dir.toString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(c.out()).isNotEqualTo(a.out());
    }

    @Test
    void simulateInMemoryGivesTheSameAnswerAsOnTheEmbeddedH2File(@TempDir Path dir) {
        Run memory = run("simulate", "--preset", "tools-chain", "--members", "200", "--days", "7", "--store", "memory",
                "--data-dir", dir.resolve("unused").toString(), "--no-report");
        Run h2 = run("simulate", "--preset", "tools-chain", "--members", "200", "--days", "7",
                "--data-dir", dir.toString(), "--no-report");
        assertThat(memory.exit()).as(memory.err()).isZero();
        assertThat(h2.exit()).as(h2.err()).isZero();
        assertThat(memory.out()).contains("store memory");
        assertThat(h2.out().replace("store h2", "store memory")).isEqualTo(memory.out());
        assertThat(dir.resolve("simulate-tools-chain-7.mv.db")).exists();
        assertThat(dir.resolve("unused")).doesNotExist();
    }

    @Test
    void replayOfTheSampleHistoryPricesTheProgram() {
        Run r = run("replay", "--config", resource("cosmetics-chain.properties").toString(),
                "--members", resource("replay/members.csv").toString(),
                "--receipts", resource("replay/receipts.csv").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("6 members, 12 sales, 1 returns");
        assertThat(r.out()).containsPattern("points liability at the end: [1-9][0-9,]* points");
        Map<String, String> lines = new HashMap<>();
        r.out().lines().forEach(l -> lines.put(l.split("\\s+")[0], l));
        // six members joined: six welcomes of 299 points
        assertThat(lines.get("welcome-points")).matches("welcome-points\\s+6\\s+0\\s+1794\\s+1,794\\.00.*");
        // two receipts from 10,000 RUB (S-1002, S-1009): 3,000 points each
        assertThat(lines.get("big-receipt")).matches("big-receipt\\s+2\\s+0\\s+6000\\s+.*");
        assertThat(r.out()).containsPattern("messages: \\d+ by Telegram \\(free\\), \\d+ by SMS \\([0-9.,]+ RUB\\)");
        assertThat(r.out()).contains("Telegram share");
    }

    @Test
    void aMalformedCsvLineIsNamedWithFileLineAndColumnAndNothingRuns(@TempDir Path dir) throws IOException {
        Path members = dir.resolve("members.csv");
        Files.writeString(members, "member,phone,joined\nA,+79990001122,2025-01-01\nB,+79990001123,2025-13-01\n"
                + "C,\"+7999\n");
        Path receipts = dir.resolve("receipts.csv");
        Files.writeString(receipts, "receipt,member,store,at,amount\nS1,A,store-1,2025-01-02 10:00,12.345\n");
        Run r = run("replay", "--config", resource("tools-chain.properties").toString(), "--members",
                members.toString(), "--receipts", receipts.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(members + ":4: a quoted field is not closed");

        Files.writeString(members, "member,phone,joined\nA,+79990001122,2025-01-01\nB,+79990001123,2025-13-01\n");
        r = run("replay", "--config", resource("tools-chain.properties").toString(), "--members",
                members.toString(), "--receipts", receipts.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("2 problems in the history, nothing was replayed")
                .contains(members + ":3: column 'joined': '2025-13-01' is not a date yyyy-MM-dd")
                .contains(receipts + ":2: column 'amount': '12.345' is not roubles with at most two decimals");
        assertThat(r.out()).isEmpty();
        assertNoStackTrace(r);
    }

    @Test
    void aBrokenPropertiesFileNamesTheFileAndEveryBadKey(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("loyalty.properties");
        Files.writeString(broken, "kopilka.redemption.max-percent=300\nkopilka.demo.sms-prise=2\n"
                + "kopilka.campaigns.preset=shoes\n");
        for (String command : new String[] {"health", "run"}) {
            Run r = run(command, "--config", broken.toString());
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err()).contains(broken.toString()).contains("kopilka.redemption.max-percent")
                    .contains("kopilka.demo.sms-prise").contains("kopilka.demo.sms-price");
            assertNoStackTrace(r);
        }
        Run missing = run("health", "--config", dir.resolve("nope.properties").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.properties: no such properties file");
    }

    @Test
    void anUnknownPresetOrABadOptionIsOneMessage() {
        Run preset = run("simulate", "--preset", "shoes");
        assertThat(preset.exit()).isEqualTo(2);
        assertThat(preset.err().strip()).isEqualTo("error: unknown preset 'shoes': use one of tools-chain, cosmetics-chain");

        Run option = run("simulate", "--preset", "tools-chain", "--days", "many");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).contains("error: Invalid value for option '--days': 'many' is not an int")
                .contains("kopilka-demo simulate --help");
        Run range = run("simulate", "--preset", "tools-chain", "--members", "0");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains("--members must be 1..10,000,000, was 0");
        Run store = run("simulate", "--preset", "tools-chain", "--store", "sqlite");
        assertThat(store.exit()).isEqualTo(2);
        assertThat(store.err().strip()).isEqualTo("error: --store must be h2 or memory, was 'sqlite'");
        Run unknown = run("simulate", "--preset", "tools-chain", "--turbo");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--turbo'");
        assertNoStackTrace(preset);
        assertNoStackTrace(option);
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsOneMessage(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Run r = run("simulate", "--preset", "tools-chain", "--members", "10", "--days", "1", "--data-dir",
                file.resolve("data").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: --data-dir: cannot create the database " + file.resolve("data"));
        assertThat(r.out()).isEmpty();
        assertNoStackTrace(r);
    }

    @Test
    void qrWritesThePngAndTheSvgOfTheTillsRegistrationLink(@TempDir Path dir) throws IOException {
        Run png = run("qr", "--store", "moscow-1", "--till", "7", "--out", dir.resolve("till.png").toString());
        assertThat(png.exit()).as(png.err()).isZero();
        assertThat(png.out()).startsWith("https://t.me/kopilka_demo_bot?start=");
        byte[] image = Files.readAllBytes(dir.resolve("till.png"));
        assertThat(image).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(png.err()).contains("demo's public secret");

        Path config = dir.resolve("bot.properties");
        Files.writeString(config, "kopilka.telegram.bot-username=kbeauty_bonus_bot\n"
                + "kopilka.telegram.qr.secret=0123456789abcdef0123456789abcdef\n");
        Run svg = run("qr", "--store", "moscow-1", "--config", config.toString(), "--out", dir.resolve("s.svg").toString());
        assertThat(svg.exit()).as(svg.err()).isZero();
        assertThat(svg.out()).startsWith("https://t.me/kbeauty_bonus_bot?start=");
        assertThat(Files.readString(dir.resolve("s.svg"))).contains("<svg");
        assertThat(svg.err()).isEmpty();

        Run jpeg = run("qr", "--store", "moscow-1", "--out", dir.resolve("q.jpg").toString());
        assertThat(jpeg.exit()).isEqualTo(2);
        assertThat(jpeg.err()).contains("--out must end with .png or .svg");
    }

    @Test
    void runStartsTheDeploymentAndStopsCleanlyAndHealthReportsTheBacklog(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("loyalty.properties");
        Files.writeString(config, Files.readString(resource("tools-chain.properties"))
                + "\nkopilka.jdbc.url=jdbc:h2:file:" + dir.resolve("kopilka").toAbsolutePath() + "\n");
        Run running = run("run", "--config", config.toString(), "--for", "PT1S");
        assertThat(running.exit()).as(running.err()).isZero();
        assertThat(running.out()).contains("running program tools-chain").contains("Telegram off")
                .contains("stopped cleanly");
        assertThat(running.err()).contains("Telegram off: no kopilka.telegram.token");

        Run health = run("health", "--config", config.toString());
        assertThat(health.exit()).as(health.err()).isZero();
        assertThat(health.out()).contains("store: reachable").contains("jdbc:h2:file:")
                .contains("outbox: {PENDING=0").contains("healthy");
    }

    @Test
    void withoutACommandTheFirstScreenShowsTheTillASimulationAndTheHelp(@TempDir Path dir) {
        Run r = run("--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // both on the embedded H2 file database, as a fresh checkout runs them
        assertThat(dir.resolve("till.mv.db")).exists();
        assertThat(dir.resolve("simulate-cosmetics-chain-7.mv.db")).exists();
        assertThat(r.out()).contains("store h2");
        assertThat(r.out()).contains("Anna joins at the till")
                .contains("Simulation of cosmetics-chain: 1,000 members, 30 days")
                .contains("welcome-points")
                .contains("Usage: kopilka-demo")
                .contains("simulate").contains("replay").contains("health").contains("qr");
    }

    private static void assertNoStackTrace(Run r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
