package dev.kopilka.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.sms.code.CodeRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/configuration.md has a row for every SMS key with its default; docs/sms.md exists. */
class SmsDocsTest {

    static String configurationDoc() throws IOException {
        return Files.readString(repositoryRoot().resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    }

    static String row(String doc, String key) {
        return doc.lines().filter(l -> l.startsWith("| `" + key + "` |")).findFirst().orElse(null);
    }

    @Test
    void everyKeyHasARow() throws IOException {
        String doc = configurationDoc();
        Set<String> keys = new TreeSet<>(SmsChannels.SHARED_KEYS);
        keys.addAll(CodeRules.KEYS);
        SmsChannels.providers().forEach(p -> keys.addAll(p.keys()));
        assertThat(keys).hasSizeGreaterThan(25);
        for (String key : keys) {
            assertThat(row(doc, key)).as("a row for %s in docs/configuration.md", key).isNotNull();
        }
        assertThat(Files.exists(repositoryRoot().resolve("docs/sms.md"))).isTrue();
    }

    @Test
    void defaultsMatchTheConstants() throws IOException {
        String doc = configurationDoc();
        Map<String, String> defaults = Map.of(SmsSettings.TIMEOUT, SmsSettings.DEFAULT_TIMEOUT,
                SmsSettings.STATUS_POLL_INTERVAL, SmsSettings.DEFAULT_STATUS_POLL_INTERVAL,
                SmsSettings.STATUS_GIVE_UP_AFTER, SmsSettings.DEFAULT_STATUS_GIVE_UP_AFTER,
                CodeRules.LENGTH, Integer.toString(CodeRules.DEFAULT_LENGTH), CodeRules.TTL, CodeRules.DEFAULT_TTL,
                CodeRules.MAX_ATTEMPTS, Integer.toString(CodeRules.DEFAULT_MAX_ATTEMPTS),
                CodeRules.RESEND_AFTER, CodeRules.DEFAULT_RESEND_AFTER,
                CodeRules.MAX_PER_DAY, Integer.toString(CodeRules.DEFAULT_MAX_PER_DAY),
                CodeRules.TEXT, CodeRules.DEFAULT_TEXT);
        defaults.forEach((key, value) -> assertThat(row(doc, key)).as(key).contains("| `" + value + "` |"));
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
