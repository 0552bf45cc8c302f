package dev.kopilka.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagingSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        MessagingSettings s = MessagingSettings.defaultSettings();
        assertThat(s.cascade()).containsExactly(Channel.TELEGRAM, Channel.SMS);
        assertThat(s.batchSize()).isEqualTo(100);
        assertThat(s.lease()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.resendsUnknown(MessagePurpose.MARKETING)).isFalse();
        assertThat(s.resendsUnknown(MessagePurpose.TRANSACTIONAL)).isTrue();
        assertThat(s.ratePerSecond()).containsEntry(Channel.TELEGRAM, 30);
        assertThat(s.sendInterval(Channel.TELEGRAM)).isEqualTo(Duration.ofMillis(35));
    }

    @Test
    void everyKeyAndDefaultIsInTheConfigurationDocument() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        List<String> lines = Files.readAllLines(dir.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> key : MessagingSettings.DEFAULTS.entrySet()) {
            assertThat(lines).as("a row for %s with its default", key.getKey())
                    .anyMatch(l -> l.startsWith("| `" + key.getKey() + "` | `" + key.getValue() + "` |"));
        }
    }

    @Test
    void problemsAreAllReportedWithTheirKeys() {
        KopilkaConfig bad = KopilkaConfig.fromMap(Map.of("kopilka.messaging.cascade", "telegram,telegram",
                "kopilka.messaging.backoff.initial", "PT2H", "kopilka.messaging.backoff.max", "PT1H",
                "kopilka.messaging.backoff.multiplier", "0.5", "kopilka.messaging.rate.sms", "-1",
                "kopilka.messaging.lease", "PT1S"));
        assertThatThrownBy(() -> MessagingSettings.from(bad)).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                        "kopilka.messaging.cascade", "kopilka.messaging.backoff.max",
                        "kopilka.messaging.backoff.multiplier", "kopilka.messaging.rate.sms", "kopilka.messaging.lease",
                        "kopilka.messaging.dispatch-interval"));
    }
}
