package dev.kopilka.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Members who had joined by the end of {@code day} and how many of them are linked to Telegram. The time a
 * member linked Telegram is not recorded yet: a member linked today counts as linked on every day since joining.
 */
public record ReachDay(LocalDate day, long members, long telegramLinked, BigDecimal telegramShare) {
}
