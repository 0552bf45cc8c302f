package dev.kopilka.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every campaign key the parser knows has a row in docs/configuration.md with the default the code applies. */
class CampaignDocsTest {

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/configuration.md"))) {
            p = p.getParent();
        }
        return p;
    }

    private static String row(String doc, String key) {
        return doc.lines().filter(l -> l.startsWith("| `" + key + "` |")).findFirst().orElse(null);
    }

    private static java.time.Duration documentedDuration(String doc, String key) {
        String row = row(doc, CampaignSettings.PREFIX + key);
        assertThat(row).as(key).isNotNull();
        String cell = row.split("\\|")[2].strip();
        return java.time.Duration.parse(cell.substring(1, cell.length() - 1));
    }

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(root().resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (String global : CampaignConfigParser.GLOBAL) {
            assertThat(row(doc, CampaignSettings.PREFIX + global)).as(global).isNotNull();
        }
        for (String setting : CampaignConfigParser.PER_CAMPAIGN) {
            assertThat(row(doc, CampaignSettings.PREFIX + "<id>." + setting)).as(setting).isNotNull();
        }
        for (String part : new String[] {"delay", "if", "message"}) {
            assertThat(row(doc, CampaignSettings.PREFIX + "<id>.follow-up.<n>." + part)).as(part).isNotNull();
        }
        Map<String, String> defaults = Map.of(
                "sweep-time", CampaignSettings.DEFAULT_SWEEP_TIME.toString(),
                "quiet-hours", CampaignSettings.DEFAULT_QUIET_HOURS,
                "frequency-cap.messages", String.valueOf(CampaignSettings.DEFAULT_CAP_MESSAGES),
                "sweep-page-size", String.valueOf(CampaignSettings.DEFAULT_PAGE_SIZE),
                "catch-up-days", String.valueOf(CampaignSettings.DEFAULT_CATCH_UP_DAYS));
        defaults.forEach((key, value) -> assertThat(row(doc, CampaignSettings.PREFIX + key))
                .as("default of %s", key).contains("| `" + value + "` |"));
        assertThat(documentedDuration(doc, "frequency-cap.period")).isEqualTo(CampaignSettings.DEFAULT_CAP_PERIOD);
        assertThat(documentedDuration(doc, "sweep-lease")).isEqualTo(CampaignSettings.DEFAULT_LEASE);
        assertThat(Files.readString(root().resolve("docs/campaigns.md"), StandardCharsets.UTF_8))
                .contains("tools-chain").contains("cosmetics-chain");
    }
}
