package dev.kopilka.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.Kopilka;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.store.memory.InMemoryStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine refuses to start with bad segment keys, and the front door refuses unknown names. */
class SegmentsAtStartTest {

    @Test
    void badSegmentKeysStopTheEngineWithEveryProblem() {
        KopilkaConfig config = KopilkaConfig.fromMap(Map.of("kopilka.segments.x.rule", "purchases >= ",
                "kopilka.segments.y.rule", "segment(nope)"));
        assertThatThrownBy(() -> Kopilka.builder(config).store(new InMemoryStore()).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder("kopilka.segments.x.rule", "kopilka.segments.y.rule"));
    }

    @Test
    void unknownSegmentNamesAndBadPagesAreRefused() {
        try (Kopilka kopilka = Kopilka.builder(KopilkaConfig.defaults()).store(new InMemoryStore()).build()) {
            assertThatThrownBy(() -> kopilka.segments().size(kopilka.program(), "vipp"))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("segment"));
            assertThatThrownBy(() -> kopilka.segments().members(kopilka.program(), "vip", null, 0))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(kopilka.segments().size(kopilka.program(), "vip")).isZero();
            assertThat(kopilka.segments().definition("churn-risk").orElseThrow().builtIn()).isTrue();
        }
    }
}
