package dev.kopilka.testkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kopilka.analytics.AnalyticsExport;
import dev.kopilka.analytics.AnalyticsReport;
import dev.kopilka.analytics.CampaignResult;
import dev.kopilka.analytics.ChannelEconomics;
import dev.kopilka.analytics.ChannelMessages;
import dev.kopilka.analytics.Cohort;
import dev.kopilka.analytics.GroupStats;
import dev.kopilka.analytics.Interval;
import dev.kopilka.analytics.Liability;
import dev.kopilka.analytics.ProgramHealth;
import dev.kopilka.analytics.ReachDay;
import dev.kopilka.analytics.ReportPeriod;
import dev.kopilka.analytics.Roi;
import java.awt.image.BufferedImage;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium and checks the screenshot shows the charts: the bars' colour is
 * there and most of the page is not blank. Skipped with a notice when Chromium is not installed, except under
 * {@code CI=true}, where it is mandatory.
 */
class HtmlReportRenderingTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The first series' colour in the report's charts (#2a7ab0). */
    private static final int BAR_RGB = 0x2a7ab0;

    @Test
    void chromiumRendersTheCharts(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but " + CHROMIUM + " is missing: install Debian's chromium package");
            }
            System.err.println("NOTICE: " + CHROMIUM + " not installed: HTML report rendering test SKIPPED");
            Assumptions.abort("Chromium not installed");
        }
        Path html = dir.resolve("report.html");
        Files.writeString(html, AnalyticsExport.html(sampleReport()), StandardCharsets.UTF_8);
        Path png = dir.resolve("report.png");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=" + System.getProperty("kopilka.report.window", "800,1600"), "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        long nonWhite = 0;
        long bars = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
                if (rgb == BAR_RGB) {
                    bars++;
                }
            }
        }
        long total = (long) image.getWidth() * image.getHeight();
        assertThat(nonWhite).as("non-white pixels").isGreaterThan(total / 10);
        assertThat(bars).as("pixels of the charts' bars and line").isGreaterThan(500);
        String keep = System.getProperty("kopilka.report.screenshot");
        if (keep != null) {
            Files.copy(png, new File(keep).toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A report with two campaigns (one of them free, with undefined ROI), 30 days of reach and a liability. */
    static AnalyticsReport sampleReport() {
        ReportPeriod period = new ReportPeriod(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 30));
        CampaignResult reactivation = new CampaignResult("reactivation", period, Duration.ofDays(10), 1_100,
                new GroupStats(1_000, 41_000_000, 620, 480, new BigDecimal("41000.00"), new BigDecimal("0.4800"),
                        4.1e9),
                new GroupStats(100, 3_200_000, 51, 38, new BigDecimal("32000.00"), new BigDecimal("0.3800"), 3.9e9),
                List.of(new ChannelMessages("SMS", 600, 590, 560, 30, 210_000),
                        new ChannelMessages("TELEGRAM", 400, 400, 400, 0, 0)),
                210_000, 250_000, 90_000, 60_000, 9_000_000, 0, 9_210_000, Roi.of(new BigDecimal("3.4517"),
                        "attributed, not incremental"), 9_000_000L, new Interval(-3_400_000, 21_400_000, 0.95),
                Roi.of(new BigDecimal("-0.7068"), "incremental, on gross margin"));
        CampaignResult welcome = new CampaignResult("telegram-welcome", period, Duration.ofDays(30), 300,
                new GroupStats(300, 6_000_000, 90, 80, new BigDecimal("20000.00"), new BigDecimal("0.2667"), 2e9),
                new GroupStats(0, 0, 0, 0, null, null, null),
                List.of(new ChannelMessages("TELEGRAM", 300, 300, 300, 0, 0)), 0, 0, 0, 0, 0, 0, 0,
                Roi.undefined("zero cost"), null, null, Roi.undefined("no control group"));
        List<ReachDay> reach = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            long members = 10_000 + 40L * d;
            long linked = 3_000 + 90L * d;
            reach.add(new ReachDay(period.from().plusDays(d), members, linked,
                    BigDecimal.valueOf(linked).divide(BigDecimal.valueOf(members), 4, java.math.RoundingMode.HALF_EVEN)));
        }
        ChannelEconomics channels = new ChannelEconomics(List.of(new ChannelMessages("SMS", 600, 590, 560, 30, 210_000),
                new ChannelMessages("TELEGRAM", 700, 700, 700, 0, 0)), 210_000, 700, 350, 245_000, reach, 1_200,
                700, 500, 175_000, 245_000);
        ProgramHealth health = new ProgramHealth(11_200, 4_300, 1_900, new BigDecimal("0.4419"), 9_800, 1_100,
                new BigDecimal("0.8991"), List.of(new Cohort(YearMonth.of(2026, 1), 5_000, 900_000_000,
                        new BigDecimal("180000.00")), new Cohort(YearMonth.of(2026, 2), 5_000, 500_000_000,
                        new BigDecimal("100000.00"))),
                new Liability(2_100_000, 400_000, 12_000, 2_512_000, 251_200_000), 180_000);
        return new AnalyticsReport("tools-chain", period, Instant.parse("2026-03-31T09:00:00Z"),
                List.of(reactivation, welcome), channels, health);
    }
}
