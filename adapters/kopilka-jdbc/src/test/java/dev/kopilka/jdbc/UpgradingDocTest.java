package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/upgrading.md names every schema version the jar ships, in its file list and its table, and every dialect
 * ships the same versions: integrators who run their own migrations read that page, not the jar.
 */
class UpgradingDocTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
    private static final Path MIGRATIONS = Path.of("src/main/resources/dev/kopilka/jdbc/migration");

    @Test
    void everyShippedVersionIsDocumented() throws IOException {
        Set<String> h2 = versionsOf("h2");
        assertThat(versionsOf("postgresql")).as("PostgreSQL migrations").isEqualTo(h2);
        assertThat(versionsOf("mariadb")).as("MariaDB migrations").isEqualTo(h2);

        String doc = Files.readString(Path.of("../../docs/upgrading.md"), StandardCharsets.UTF_8);
        for (String file : filesOf("h2")) {
            assertThat(doc).as("docs/upgrading.md lists %s", file).contains("/" + file);
            String version = version(file);
            assertThat(doc).as("docs/upgrading.md has a table row for version %s", version)
                    .containsPattern("(?m)^\\| " + version + " \\| ");
        }
    }

    private static Set<String> versionsOf(String dialect) throws IOException {
        Set<String> versions = new TreeSet<>();
        for (String file : filesOf(dialect)) {
            versions.add(version(file));
        }
        return versions;
    }

    private static String version(String file) {
        Matcher m = MIGRATION.matcher(file);
        assertThat(m.matches()).as("migration file name %s", file).isTrue();
        return m.group(1);
    }

    private static List<String> filesOf(String dialect) throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS.resolve(dialect))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
