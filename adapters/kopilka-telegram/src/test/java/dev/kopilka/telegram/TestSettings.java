package dev.kopilka.telegram;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import java.util.HashMap;
import java.util.Map;

/** Settings pointing at a fake, with short timeouts so failure tests stay quick. */
final class TestSettings {

    static final String SECRET = "0123456789abcdef0123456789abcdef-test";

    private TestSettings() {
    }

    static Map<String, String> map(FakeTelegramBotApi fake, String... overrides) {
        Map<String, String> m = new HashMap<>();
        m.put("kopilka.program.id", "tools-chain");
        m.put("kopilka.telegram.program-name", "Инструменты");
        m.put("kopilka.telegram.token", fake.token());
        m.put("kopilka.telegram.base-url", fake.baseUrl());
        m.put("kopilka.telegram.bot-username", "kopilka_test_bot");
        m.put("kopilka.telegram.qr.secret", SECRET);
        m.put("kopilka.telegram.send-timeout", "PT0.5S");
        m.put("kopilka.telegram.polling.timeout", "PT1S");
        m.put("kopilka.telegram.polling.restart-when-quiet", "PT5S");
        m.put("kopilka.telegram.polling.backoff-max", "PT0.4S");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            m.put(overrides[i], overrides[i + 1]);
        }
        return m;
    }

    static KopilkaConfig config(FakeTelegramBotApi fake, String... overrides) {
        return KopilkaConfig.fromMap(map(fake, overrides));
    }

    static TelegramSettings settings(FakeTelegramBotApi fake, String... overrides) {
        return TelegramSettings.from(config(fake, overrides), name -> null);
    }
}
