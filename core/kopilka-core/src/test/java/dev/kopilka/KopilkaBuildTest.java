package dev.kopilka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Kopilka.Builder#build()} validates every section first and reports all their problems together. */
class KopilkaBuildTest {

    @Test
    void everyProblemOfEverySectionIsReportedInOneException() {
        Map<String, String> p = new HashMap<>();
        p.put("kopilka.redemption.max-percent", "130");                      // core
        p.put("kopilka.redemtion.max-percent", "30");                        // core: a typo
        p.put("kopilka.store", "mongodb");                                    // store: no such provider
        p.put("kopilka.segments.lapsed.rule", "days-since-purchase >>= 60"); // segments: syntax
        p.put("kopilka.campaigns.winback.trigger", "on-full-moon");          // campaigns
        p.put("kopilka.campaigns.winback.audience", "lapsed");               // a broken segment, still known
        p.put("kopilka.campaigns.winback.message", "Come back");
        p.put("kopilka.messaging.batch-size", "0");                           // messaging
        p.put("kopilka.messaging.lese", "PT1M");                              // messaging: a typo
        p.put("kopilka.analytics.confidence-level", "0.5");                  // analytics

        assertThatThrownBy(() -> Kopilka.builder(KopilkaConfig.fromMap(p)).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                            "kopilka.redemption.max-percent", "kopilka.redemtion.max-percent", "kopilka.store",
                            "kopilka.segments.lapsed.rule", "kopilka.campaigns.winback.trigger",
                            "kopilka.messaging.batch-size", "kopilka.messaging.lese",
                            "kopilka.analytics.confidence-level");
                    assertThat(e.getMessage()).startsWith("8 configuration problems:")
                            .contains("kopilka.redemption.max-percent: must be between 0 and 100 (was '130')")
                            .contains("kopilka.store: must be auto, memory or a store on the classpath")
                            .contains("(was 'mongodb')")
                            .contains("kopilka.campaigns.winback.trigger").contains("on-full-moon")
                            .contains("kopilka.messaging.batch-size: must be between 1 and 10000 (was '0')")
                            .contains("did you mean kopilka.messaging.lease?")
                            .contains("kopilka.analytics.confidence-level: must be 0.90, 0.95 or 0.99 (was '0.5')");
                });
    }

    @Test
    void aStoreGivenByTheIntegratorIsNotCheckedAgainstKopilkaStore() {
        try (Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.store", "mongodb")))
                .store(new dev.kopilka.store.memory.InMemoryStore()).build()) {
            assertThat(k.program().value()).isEqualTo("default");
        }
    }
}
