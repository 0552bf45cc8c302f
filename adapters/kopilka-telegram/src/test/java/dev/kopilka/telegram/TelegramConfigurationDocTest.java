package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/configuration.md has a row for every kopilka.telegram key with its default. */
class TelegramConfigurationDocTest {

    @Test
    void everyTelegramKeyAndDefaultIsDocumented() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        String doc = Files.readString(dir.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> key : TelegramSettings.DEFAULTS.entrySet()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + key.getKey() + "` |")).findFirst().orElse(null);
            assertThat(row).as("a row for %s", key.getKey()).isNotNull();
            String expected = key.getValue().isEmpty() ? "(empty)" : "`" + key.getValue() + "`";
            assertThat(row).as("the default of %s", key.getKey()).contains("| " + expected + " |");
        }
    }
}
