package dev.kopilka.config;

import java.math.BigDecimal;

/** A tier as configured: {@code kopilka.tiers.<name>.spend-from} (RUB) and {@code .rate} (percent). */
public record TierSpec(String name, long spendFromKopecks, BigDecimal ratePercent) {
}
