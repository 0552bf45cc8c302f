package dev.kopilka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.checkout.PurchaseReceipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example is this compiled code, and it works. */
class EmbeddingExampleTest {

    @Test
    void theReadmeShowsTheCompiledExampleAndItEarnsPoints(@TempDir Path dir) throws IOException {
        Path properties = dir.resolve("loyalty.properties");
        // the demo has kopilka-jdbc on its classpath: keep the test off the embedded file database
        Files.writeString(properties, "kopilka.earning.delay=P0D\nkopilka.store=memory\n", StandardCharsets.UTF_8);

        PurchaseReceipt receipt = EmbeddingExample.run(properties).orElseThrow();
        assertThat(receipt.calculation().pointsEarned()).isEqualTo(99); // 5% of 1,990 RUB

        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("README.md"))) {
            root = root.getParent();
        }
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(root.resolve(
                "examples/kopilka-demo/src/main/java/dev/kopilka/demo/EmbeddingExample.java"), StandardCharsets.UTF_8);
        List<String> example = source.lines()
                .dropWhile(l -> !l.contains("tag::embedding[]")).skip(1)
                .takeWhile(l -> !l.contains("end::embedding[]"))
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .map(l -> l.replace("KopilkaConfig.load(properties)", "KopilkaConfig.load(Path.of(\"loyalty.properties\"))"))
                .toList();
        assertThat(example).hasSizeGreaterThan(5);
        assertThat(readme).contains(String.join("\n", example));
    }
}
