package dev.kopilka.promo;

import dev.kopilka.Require;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** What a promo code takes off the eligible part of a receipt. */
public sealed interface PromoDiscount {

    /** The discount in kopecks on {@code eligibleKopecks} (never more than it). */
    long discountKopecks(long eligibleKopecks);

    /** A percentage, rounded down to the kopeck. */
    record Percent(BigDecimal percent) implements PromoDiscount {
        public Percent {
            Require.present(percent, "discount.percent");
            Require.that(percent.signum() > 0 && percent.compareTo(BigDecimal.valueOf(100)) <= 0, "discount.percent",
                    "must be above 0 and at most 100", percent);
        }

        @Override
        public long discountKopecks(long eligibleKopecks) {
            return BigDecimal.valueOf(eligibleKopecks).multiply(percent)
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN).longValueExact();
        }

        @Override
        public String toString() {
            return percent.stripTrailingZeros().toPlainString() + "%";
        }
    }

    /** A fixed amount, e.g. 500 RUB = 50,000 kopecks; never more than the eligible amount. */
    record Fixed(long kopecks) implements PromoDiscount {
        public Fixed {
            Require.positive(kopecks, "discount.kopecks");
        }

        @Override
        public long discountKopecks(long eligibleKopecks) {
            return Math.min(kopecks, Math.max(0, eligibleKopecks));
        }

        @Override
        public String toString() {
            return kopecks / 100 + "." + String.format("%02d", kopecks % 100) + " RUB";
        }
    }

    static PromoDiscount percent(long percent) {
        return new Percent(BigDecimal.valueOf(percent));
    }

    static PromoDiscount rubles(long rubles) {
        return new Fixed(Math.multiplyExact(rubles, 100));
    }
}
