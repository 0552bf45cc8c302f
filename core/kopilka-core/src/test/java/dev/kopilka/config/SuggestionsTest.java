package dev.kopilka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void aSmallTypoGetsTheKeyThatWasMeant() {
        assertThat(Suggestions.closest("kopilka.earning.dealy", List.of("kopilka.earning.delay", "kopilka.earning.rate")))
                .isEqualTo("kopilka.earning.delay");
    }

    @Test
    void somethingUnrelatedGetsNoSuggestion() {
        assertThat(Suggestions.closest("kopilka.completely.different", List.of("kopilka.earning.delay"))).isNull();
        assertThat(Suggestions.closest("vip", List.of("churn-risk"), 2)).isNull();
    }

    @Test
    void distanceCountsEdits() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
