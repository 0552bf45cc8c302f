package dev.kopilka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every key the code knows, with its default. */
class ConfigurationDocTest {

    @Test
    void everyKeyAndDefaultIsDocumented() throws IOException {
        String doc = Files.readString(repositoryRoot().resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        for (ConfigKey key : ConfigKeys.all()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + key.key() + "` |")).findFirst().orElse(null);
            assertThat(row).as("a table row for %s in docs/configuration.md", key.key()).isNotNull();
            String expectedDefault = key.defaultValue().isEmpty()
                    ? (key.isPattern() ? "—" : "(empty)") : "`" + key.defaultValue() + "`";
            assertThat(row).as("the default of %s", key.key()).contains("| " + expectedDefault + " |");
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/ above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}
