package dev.kopilka.analytics;

import java.math.BigDecimal;
import java.time.YearMonth;

/** Members who joined in one month: their net spend so far and its mean (the cohort's LTV), in kopecks. */
public record Cohort(YearMonth month, long members, long revenueKopecks, BigDecimal ltvKopecks) {
}
