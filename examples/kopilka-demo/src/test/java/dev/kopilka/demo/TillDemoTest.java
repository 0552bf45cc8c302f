package dev.kopilka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.config.KopilkaConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TillDemoTest {

    @Test
    void theWalkThroughShowsEveryMechanicWithExactNumbers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TillDemo(KopilkaConfig.loadFromClasspath("cosmetics-chain.properties").requireValid(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("phone stored as +79991234567");
        assertThat(out).contains("SNAIL-CREAM 1,890.00 RUB earns 94 points");
        // the cap is 30% of 3,486 RUB minus the no-redeem gift card, but only the 299 welcome points exist
        assertThat(out).contains("Paid 299 points");
        assertThat(out).contains("The till retries the same receipt: same answer, nothing written");
        assertThat(out).contains("refused — receipt moscow-1/0001 was already processed with different points");
        assertThat(out).contains("Issued personal code KB-");
        assertThat(out).contains("20 redeemed points go back, 50 earned points are taken back").doesNotContain("DIFFERENT ANSWER");
        assertThat(out).contains("Paid 299 points + 3,187.00 RUB; earned 109 points, active from 03.06.2025 10:00");
        assertThat(out).contains("Confirmed: pays 5,000.00 RUB, earns 250 at tier base");
        assertThat(out).contains("Balance: 0 available (tier base)");
        assertThat(out).containsPattern("03.06.2026 10:00  EXPIRE +-200");
    }
}
