package dev.kopilka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.ledger.Balance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/getting-started.md shows compiled code that works, and the example properties as they ship. */
class GettingStartedTest {

    private static final Pattern TAG = Pattern.compile("// tag::([a-z-]+)\\[]");

    static Path root() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("docs"))) {
            root = root.getParent();
        }
        return root;
    }

    /** The lines between {@code tag::name[]} and {@code end::name[]}, without their common indent. */
    static String region(List<String> source, String name) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).contains("tag::" + name + "[]")) {
                from = i + 1;
            } else if (source.get(i).contains("end::" + name + "[]")) {
                to = i;
            }
        }
        List<String> lines = source.subList(from, to);
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    @Test
    void everySnippetOfThePageIsARegionOfTheCompiledExample() throws IOException {
        Path root = root();
        String page = Files.readString(root.resolve("docs/getting-started.md"), StandardCharsets.UTF_8);
        List<String> source = Files.readAllLines(root.resolve(
                "examples/kopilka-demo/src/main/java/dev/kopilka/demo/GettingStarted.java"), StandardCharsets.UTF_8);
        Matcher tags = TAG.matcher(String.join("\n", source));
        int regions = 0;
        while (tags.find()) {
            assertThat(page).as("region " + tags.group(1)).contains("```java\n" + region(source, tags.group(1)) + "\n```");
            regions++;
        }
        assertThat(regions).isEqualTo(5);
        assertThat(page.split("```java", -1)).as("no Java block in the page but the compiled ones").hasSize(regions + 1);
        String properties = Files.readString(root.resolve("examples/kopilka-demo/src/main/resources/tools-chain.properties"),
                StandardCharsets.UTF_8);
        assertThat(page).contains("```properties\n" + properties.strip() + "\n```");
    }

    @Test
    void theCodeOfThePageRegistersSellsAndReturns(@TempDir Path dir) throws IOException {
        Path properties = dir.resolve("loyalty.properties");
        Files.writeString(properties, Files.readString(Path.of("src/main/resources/tools-chain.properties"))
                + "\nkopilka.store=memory\n", StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Balance balance = GettingStarted.run(properties, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        // 3% of 7,990 RUB (the gift card earns nothing), no points to spend yet
        assertThat(text).contains("to pay 899000 kopecks, earns 239 points").contains("earned 239")
                .contains("earned points taken back: 239");
        assertThat(balance.available()).isZero();
    }
}
