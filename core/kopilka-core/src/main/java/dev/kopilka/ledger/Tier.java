package dev.kopilka.ledger;

import dev.kopilka.Require;
import java.math.BigDecimal;

/** A program level: members whose qualifying spend reaches {@code spendFromKopecks} earn at {@code ratePercent}. */
public record Tier(String name, long spendFromKopecks, BigDecimal ratePercent) {

    public Tier {
        Require.notBlank(name, "tier.name");
        Require.nonNegative(spendFromKopecks, "tier." + name + ".spendFrom");
        Require.that(ratePercent != null && ratePercent.signum() >= 0 && ratePercent.compareTo(BigDecimal.valueOf(100)) <= 0,
                "tier." + name + ".rate", "must be between 0 and 100", ratePercent);
    }
}
