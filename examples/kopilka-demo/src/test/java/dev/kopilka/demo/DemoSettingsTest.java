package dev.kopilka.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.demo.cli.DemoSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnesAndEveryKeyHasARow() throws IOException {
        DemoSettings defaults = DemoSettings.from(KopilkaConfig.fromMap(Map.of()));
        assertThat(defaults.smsKopecksPerSegment()).isEqualTo(350);
        assertThat(defaults.healthInterval()).isEqualTo(Duration.ofMinutes(5));

        String doc = Files.readString(GettingStartedTest.root().resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        assertThat(doc).contains("| `" + DemoSettings.SMS_PRICE + "` | `" + DemoSettings.DEFAULT_SMS_PRICE + "` |")
                .contains("| `" + DemoSettings.HEALTH_INTERVAL + "` | `" + DemoSettings.DEFAULT_HEALTH_INTERVAL + "` |");
    }

    @Test
    void everyProblemAtOnceWithTheClosestKnownKey() {
        assertThatThrownBy(() -> DemoSettings.from(KopilkaConfig.fromMap(Map.of("kopilka.demo.sms-price", "3.505",
                "kopilka.demo.health-intervall", "PT1M", "kopilka.demo.health-interval", "soon"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("3 configuration problems")
                .hasMessageContaining("kopilka.demo.sms-price").hasMessageContaining("3.505")
                .hasMessageContaining("kopilka.demo.health-intervall")
                .hasMessageContaining("did you mean kopilka.demo.health-interval")
                .hasMessageContaining("'soon'");
    }

    @Test
    void theExamplePropertiesOfBothRetailersAreValid() {
        for (String preset : new String[] {"tools-chain", "cosmetics-chain"}) {
            KopilkaConfig config = KopilkaConfig.loadFromClasspath(preset + ".properties").requireValid();
            assertThat(DemoSettings.problems(config)).as(preset).isEmpty();
            assertThat(config.get("kopilka.campaigns.preset")).isEqualTo(preset);
        }
    }
}
