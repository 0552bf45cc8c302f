package dev.kopilka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    private static final List<String> KNOWN = List.of("kopilka.x.batch-size", "kopilka.x.lease", "kopilka.x.api-key",
            "kopilka.x.enabled", "kopilka.x.factor");

    @Test
    void valuesAndDefaults() {
        SettingsReader r = new SettingsReader(KopilkaConfig.fromMap(Map.of("kopilka.x.batch-size", " 50 ",
                "kopilka.x.lease", "pt2m", "kopilka.x.enabled", "TRUE", "kopilka.x.factor", "")));
        assertThat(r.integer("kopilka.x.batch-size", "100", 1, 1000)).isEqualTo(50);
        assertThat(r.positiveDuration("kopilka.x.lease", "PT1M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.bool("kopilka.x.enabled", "false")).isTrue();
        assertThat(r.decimal("kopilka.x.factor", "2", BigDecimal.ONE, BigDecimal.TEN)).isEqualByComparingTo("2");
        assertThat(r.positiveDuration("kopilka.x.absent", null)).isNull();
        assertThat(r.problems()).isEmpty();
        r.throwIfAny();
    }

    @Test
    void everyProblemIsCollectedAndThrownTogether() {
        SettingsReader r = new SettingsReader(KopilkaConfig.fromMap(Map.of("kopilka.x.batch-size", "0",
                "kopilka.x.lease", "a minute", "kopilka.x.enabled", "yes", "kopilka.x.factor", "11",
                "kopilka.x.leese", "PT1M")));
        assertThat(r.integer("kopilka.x.batch-size", "100", 1, 1000)).as("the default on a problem").isEqualTo(100);
        assertThat(r.positiveDuration("kopilka.x.lease", "PT1M")).isNull();
        assertThat(r.bool("kopilka.x.enabled", "false")).isFalse();
        r.decimal("kopilka.x.factor", "2", BigDecimal.ONE, BigDecimal.TEN);
        r.rejectUnknownKeys("kopilka.x.", KNOWN);

        assertThatThrownBy(r::throwIfAny).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                    "kopilka.x.batch-size: must be between 1 and 1000 (was '0')",
                    "kopilka.x.lease: must be an ISO-8601 duration such as PT1M (was 'a minute')",
                    "kopilka.x.enabled: must be true or false (was 'yes')",
                    "kopilka.x.factor: must be between 1 and 10 (was '11')",
                    "kopilka.x.leese: unknown key; did you mean kopilka.x.lease?");
        });
    }

    @Test
    void anOptionalDurationTakesTheNoneWord() {
        SettingsReader r = new SettingsReader(KopilkaConfig.fromMap(Map.of("kopilka.x.poll", "NONE",
                "kopilka.x.lease", "PT0S")));
        assertThat(r.optionalPositiveDuration("kopilka.x.poll", "PT5M", "none")).isEmpty();
        assertThat(r.optionalPositiveDuration("kopilka.x.absent", "PT5M", "none")).contains(Duration.ofMinutes(5));
        assertThat(r.optionalPositiveDuration("kopilka.x.lease", "PT5M", "none")).isEmpty();
        assertThat(r.problems()).extracting(ConfigProblem::toString).containsExactly(
                "kopilka.x.lease: must be an ISO-8601 duration longer than zero such as PT5M, or none (was 'PT0S')");
    }

    @Test
    void secretsComeFromThePropertyOrTheEnvironmentAndAreNeverEchoed() {
        KopilkaConfig config = KopilkaConfig.fromMap(Map.of("kopilka.x.api-key", "k-123", "kopilka.x.api-kee", "k-456"));
        SettingsReader r = new SettingsReader(config, name -> name.equals("X_TOKEN") ? "from-env" : null);
        assertThat(r.secret("kopilka.x.api-key", "X_API_KEY")).contains("k-123");
        assertThat(r.secret("kopilka.x.token", "X_TOKEN")).contains("from-env");
        assertThat(r.secret("kopilka.x.password", "X_PASSWORD")).isEmpty();
        r.problem("kopilka.x.api-key", "must be 32 characters", "k-123");
        r.rejectUnknownKeys("kopilka.x.", KNOWN);
        assertThat(r.problems()).extracting(ConfigProblem::toString).containsExactly(
                "kopilka.x.api-key: must be 32 characters (was '<hidden, 5 characters>')",
                "kopilka.x.api-kee: unknown key; did you mean kopilka.x.api-key?");
    }

    @Test
    void aSectionReadElsewhereAddsItsProblems() {
        SettingsReader r = new SettingsReader(KopilkaConfig.defaults());
        Object value = r.section(() -> {
            throw new InvalidConfigurationException("x", List.of(new ConfigProblem("kopilka.y", "bad", "1", null)));
        });
        assertThat(value).isNull();
        assertThat(r.section(() -> "ok")).isEqualTo("ok");
        assertThat(r.problems()).extracting(ConfigProblem::key).containsExactly("kopilka.y");
    }
}
