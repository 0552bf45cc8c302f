package dev.kopilka.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.segment.internal.SegmentCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built-in segments' default rules in the docs are the ones in the code. */
class SegmentDocsTest {

    @Test
    void builtInRulesAreDocumentedWithTheirDefaults() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isDirectory(root.resolve("docs"))) {
            root = root.getParent();
        }
        String config = Files.readString(root.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        String segments = Files.readString(root.resolve("docs/segments.md"), StandardCharsets.UTF_8);
        assertThat(config).contains("| `" + SegmentCatalog.RULE_KEY + "` | — |");
        assertThat(config).contains("| `" + SegmentCatalog.DESCRIPTION_KEY + "` | (empty) |");
        SegmentCatalog.BUILT_INS.forEach((name, d) -> {
            assertThat(config).contains("| `kopilka.segments." + name + ".rule` | `" + d[0] + "` |");
            assertThat(segments).contains("| `" + name + "` | `" + d[0] + "` |");
        });
    }
}
