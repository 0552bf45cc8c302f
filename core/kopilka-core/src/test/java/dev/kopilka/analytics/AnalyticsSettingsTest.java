package dev.kopilka.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsSettingsTest {

    @Test
    void defaults() {
        AnalyticsSettings s = AnalyticsSettings.from(KopilkaConfig.fromMap(Map.of()));
        assertThat(s).isEqualTo(AnalyticsSettings.defaults());
        assertThat(s.grossMarginPercent()).isEqualByComparingTo("30");
        assertThat(s.smsPriceKopecks()).isEqualTo(350);
        assertThat(s.defaultWindow()).isEqualTo(Duration.ofDays(30));
        assertThat(s.z()).isEqualTo(1.959963984540054);
        assertThat(s.telegramRegistrationWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void readsEveryKey() {
        AnalyticsSettings s = AnalyticsSettings.from(KopilkaConfig.fromMap(Map.of(
                "kopilka.analytics.gross-margin-percent", "42.5", "kopilka.analytics.sms-price-kopecks", "420",
                "kopilka.analytics.attribution-window", "P14D",
                "kopilka.analytics.attribution-window.reactivation", "P10D",
                "kopilka.analytics.confidence-level", "0.99",
                "kopilka.analytics.telegram-registration-window", "PT30M")));
        assertThat(s.grossMarginPercent()).isEqualByComparingTo(new BigDecimal("42.5"));
        assertThat(s.smsPriceKopecks()).isEqualTo(420);
        assertThat(s.defaultWindow()).isEqualTo(Duration.ofDays(14));
        assertThat(s.windowOf("reactivation")).contains(Duration.ofDays(10));
        assertThat(s.windowOf("birthday")).isEmpty();
        assertThat(s.z()).isEqualTo(2.5758293035489004);
        assertThat(s.telegramRegistrationWindow()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> AnalyticsSettings.from(KopilkaConfig.fromMap(Map.of(
                "kopilka.analytics.gross-margin-percent", "130", "kopilka.analytics.sms-price-kopecks", "3.5",
                "kopilka.analytics.attribution-window", "10 days",
                "kopilka.analytics.attribution-window.reactivation", "-P1D",
                "kopilka.analytics.confidence-level", "0.8", "kopilka.analytics.margin", "30"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).problems())
                        .extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                                "kopilka.analytics.gross-margin-percent", "kopilka.analytics.sms-price-kopecks",
                                "kopilka.analytics.attribution-window",
                                "kopilka.analytics.attribution-window.reactivation",
                                "kopilka.analytics.confidence-level", "kopilka.analytics.margin"));
    }

    @Test
    void anUnknownKeyGetsTheClosestKnownOneAndABadValueNoMadeUpSuggestion() {
        assertThatThrownBy(() -> AnalyticsSettings.from(KopilkaConfig.fromMap(Map.of(
                "kopilka.analytics.confidense-level", "0.99", "kopilka.analytics.gross-margin-percent", "130"))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                                "kopilka.analytics.confidense-level: unknown key; did you mean "
                                        + "kopilka.analytics.confidence-level?",
                                "kopilka.analytics.gross-margin-percent: must be between 0 and 100 (was '130')"));
    }

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/configuration.md"))) {
            p = p.getParent();
        }
        String doc = Files.readString(p.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        Map<String, String> defaults = Map.of(AnalyticsSettings.GROSS_MARGIN_PERCENT,
                AnalyticsSettings.DEFAULT_GROSS_MARGIN_PERCENT, AnalyticsSettings.SMS_PRICE_KOPECKS,
                AnalyticsSettings.DEFAULT_SMS_PRICE_KOPECKS, AnalyticsSettings.ATTRIBUTION_WINDOW,
                AnalyticsSettings.DEFAULT_ATTRIBUTION_WINDOW, AnalyticsSettings.CONFIDENCE_LEVEL,
                AnalyticsSettings.DEFAULT_CONFIDENCE_LEVEL, AnalyticsSettings.TELEGRAM_REGISTRATION_WINDOW,
                AnalyticsSettings.DEFAULT_TELEGRAM_REGISTRATION_WINDOW);
        assertThat(defaults.keySet()).containsExactlyInAnyOrderElementsOf(AnalyticsSettings.KEYS);
        defaults.forEach((key, value) -> assertThat(doc).as(key).contains("| `" + key + "` | `" + value + "` |"));
        assertThat(doc).contains("| `" + AnalyticsSettings.CAMPAIGN_WINDOW_PREFIX + "<campaign id>` |");
    }

    @Test
    void badAnalyticsKeysAreReportedAtBuildWithTheOtherProblems() {
        KopilkaConfig config = KopilkaConfig.fromMap(Map.of(AnalyticsSettings.CONFIDENCE_LEVEL, "0.5",
                "kopilka.segments.x.rule", "purchases >= "));
        assertThatThrownBy(() -> dev.kopilka.Kopilka.builder(config).store(new dev.kopilka.store.memory.InMemoryStore())
                .build()).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder(AnalyticsSettings.CONFIDENCE_LEVEL, "kopilka.segments.x.rule"));
    }
}
