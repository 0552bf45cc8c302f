package dev.kopilka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

    @Test
    void theValueOfASecretKeyNeverReachesTheMessage() {
        ConfigProblem problem = new ConfigProblem("kopilka.telegram.token", "must look like <digits>:<secret>",
                "12345:AAF-very-secret", null);
        InvalidConfigurationException e = new InvalidConfigurationException("loyalty.properties", List.of(problem,
                new ConfigProblem("kopilka.jdbc.password", "must not be blank", "hunter2", null),
                new ConfigProblem("kopilka.sms.api-key", "unknown key", "k-123", null)));

        assertThat(e.getMessage()).doesNotContain("very-secret").doesNotContain("hunter2").doesNotContain("k-123")
                .contains("kopilka.telegram.token").contains("<hidden, 21 characters>");
    }

    @Test
    void ordinaryValuesAreShownSoTheUserSeesTheTypo() {
        ConfigProblem problem = new ConfigProblem("kopilka.jdbc.pool-size", "must be a whole number", "five", null);
        assertThat(problem.toString()).contains("(was 'five')");
        assertThat(ConfigProblem.isSecret("kopilka.jdbc.url")).isFalse();
        assertThat(ConfigProblem.isSecret("kopilka.sms.twilio.auth-token")).isTrue();
    }
}
