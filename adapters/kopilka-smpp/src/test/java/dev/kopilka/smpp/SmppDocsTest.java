package dev.kopilka.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.sms.SmsChannels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmppDocsTest {

    @Test
    void everySmppKeyHasARowInTheConfigurationDoc() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        String doc = Files.readString(dir.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (String key : SmppSettings.KEYS) {
            assertThat(doc.lines().anyMatch(l -> l.startsWith("| `" + key + "` |"))).as(key).isTrue();
        }
        assertThat(doc).contains("| `" + SmppSettings.PORT + "` | `" + SmppSettings.DEFAULT_PORT + "` |");
    }

    @Test
    void smppConfigurationProblemsAreReportedTogetherAndNothingConnects() {
        try {
            SmsChannels.fromConfig(KopilkaConfig.fromMap(Map.of("kopilka.sms.provider", "smpp",
                    "kopilka.smpp.port", "99999", "kopilka.smpp.enquire-link-interval", "often",
                    "kopilka.smpp.pasword", "typo-secret")), Clock.systemUTC(), n -> null);
            throw new AssertionError("expected a configuration error");
        } catch (InvalidConfigurationException e) {
            assertThat(e.problems()).extracting(p -> p.key()).containsExactlyInAnyOrder("kopilka.smpp.host",
                    "kopilka.smpp.port", "kopilka.smpp.system-id", "kopilka.smpp.password",
                    "kopilka.smpp.enquire-link-interval", "kopilka.smpp.pasword");
            assertThat(e.getMessage()).doesNotContain("typo-secret").contains("did you mean kopilka.smpp.password?");
        }
    }
}
