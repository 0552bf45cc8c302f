package dev.kopilka.demo.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Roubles as the summary prints them, from exact kopecks. */
final class Money {

    private Money() {
    }

    static String rub(long kopecks) {
        String sign = kopecks < 0 ? "-" : "";
        long abs = Math.abs(kopecks);
        return String.format("%s%,d.%02d", sign, abs / 100, abs % 100);
    }

    /** "12.50" or "1250" roubles → kopecks; more than two decimals is an error the caller names. */
    static long kopecks(String roubles) {
        return new BigDecimal(roubles.trim()).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }
}
