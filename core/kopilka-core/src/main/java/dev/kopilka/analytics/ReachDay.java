package dev.kopilka.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Members who had joined by the end of {@code day} and how many of them were linked to Telegram at that time
 * (links made before schema version 6 count from the member's join day: their time was not recorded).
 */
public record ReachDay(LocalDate day, long members, long telegramLinked, BigDecimal telegramShare) {
}
