package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelegramSettingsTest {

    private static final String TOKEN = "123456:AAE-secret_token";

    @Test
    void defaultsAndSecretsFromTheEnvironment() {
        Map<String, String> env = Map.of("KOPILKA_TELEGRAM_TOKEN", TOKEN,
                "KOPILKA_TELEGRAM_QR_SECRET", TestSettings.SECRET);
        TelegramSettings s = TelegramSettings.from(KopilkaConfig.fromMap(Map.of(
                "kopilka.telegram.bot-username", "@tools_loyalty_bot")), env::get);
        assertThat(s.token()).isEqualTo(TOKEN);
        assertThat(s.botUsername()).isEqualTo("tools_loyalty_bot");
        assertThat(s.baseUrl().toString()).isEqualTo("https://api.telegram.org");
        assertThat(s.perSecond()).isEqualTo(30);
        assertThat(s.perChatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.language()).isEqualTo(Locale.forLanguageTag("ru"));
        assertThat(s.programName()).isEqualTo("default");
        assertThat(s.toString()).doesNotContain("secret_token");
    }

    @Test
    void everyProblemIsReportedAtOnceAndTheTokenIsNeverEchoed() {
        Map<String, String> m = new HashMap<>();
        m.put("kopilka.telegram.token", "not-a-token-secret");
        m.put("kopilka.telegram.bot-username", "x");
        m.put("kopilka.telegram.base-url", "ftp://api.telegram.org/x");
        m.put("kopilka.telegram.rate.per-second", "100");
        m.put("kopilka.telegram.language", "de");
        m.put("kopilka.telegram.polling.timeout", "PT50S");
        m.put("kopilka.telegram.polling.restart-when-quiet", "PT10S");
        m.put("kopilka.telegram.paid-broadcast", "yes");
        m.put("kopilka.telegram.texts.grееting", "Привет");
        m.put("kopilka.telegram.tokne", "123:abc");
        assertThatThrownBy(() -> TelegramSettings.from(KopilkaConfig.fromMap(m), name -> null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                            "kopilka.telegram.token", "kopilka.telegram.bot-username", "kopilka.telegram.base-url",
                            "kopilka.telegram.rate.per-second", "kopilka.telegram.language",
                            "kopilka.telegram.polling.restart-when-quiet", "kopilka.telegram.paid-broadcast",
                            "kopilka.telegram.texts.grееting", "kopilka.telegram.tokne", "kopilka.telegram.qr.secret");
                    assertThat(e.getMessage()).doesNotContain("not-a-token-secret").doesNotContain("123:abc");
                });
    }

    @Test
    void anUnknownKeyOrTextGetsTheClosestKnownOneAndNoValue() {
        Map<String, String> m = new HashMap<>();
        m.put("kopilka.telegram.token", TOKEN);
        m.put("kopilka.telegram.qr.secret", TestSettings.SECRET);
        m.put("kopilka.telegram.bot-username", "tools_loyalty_bot");
        m.put("kopilka.telegram.tokne", "123:abc");
        m.put("kopilka.telegram.rate.per-secnd", "20");
        m.put("kopilka.telegram.texts.ofers", "Скидка");
        assertThatThrownBy(() -> TelegramSettings.from(KopilkaConfig.fromMap(m), name -> null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::key, ConfigProblem::suggestion)
                            .containsExactlyInAnyOrder(
                                    org.assertj.core.groups.Tuple.tuple("kopilka.telegram.tokne",
                                            "kopilka.telegram.token"),
                                    org.assertj.core.groups.Tuple.tuple("kopilka.telegram.rate.per-secnd",
                                            "kopilka.telegram.rate.per-second"),
                                    org.assertj.core.groups.Tuple.tuple("kopilka.telegram.texts.ofers",
                                            "kopilka.telegram.texts.offers"));
                    assertThat(e.getMessage()).contains("did you mean kopilka.telegram.token?")
                            .doesNotContain("123:abc");
                });
    }

    @Test
    void textsAreOverriddenByKeyAndTheEnglishBundleHasEveryKey() {
        Map<String, String> m = new HashMap<>();
        m.put("kopilka.telegram.token", TOKEN);
        m.put("kopilka.telegram.qr.secret", TestSettings.SECRET);
        m.put("kopilka.telegram.bot-username", "tools_loyalty_bot");
        m.put("kopilka.telegram.texts.offers", "Скидка 10% на краски до воскресенья");
        m.put("kopilka.telegram.language", "en");
        TelegramSettings s = TelegramSettings.from(KopilkaConfig.fromMap(m), name -> null);
        BotTexts texts = BotTexts.of(s.language(), s.textOverrides());
        assertThat(texts.text("offers")).isEqualTo("Скидка 10% на краски до воскресенья");
        assertThat(texts.text("balance", "available", 250)).isEqualTo("Available: 250 points.");
        for (String key : BotTexts.KEYS) {
            assertThat(BotTexts.of(Locale.ENGLISH, Map.of()).text(key)).as(key).isNotBlank();
        }
    }
}
