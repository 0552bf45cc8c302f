package dev.kopilka.checkout.internal;

import dev.kopilka.Refusal;
import java.util.function.LongUnaryOperator;

/** What the calculator needs to know about the receipt's promo code, whatever its kind. */
record PromoInput(String code, Refusal refusal, LongUnaryOperator discountForEligible, boolean combinesWithPoints) {

    static final PromoInput NONE = new PromoInput(null, null, eligible -> 0, true);

    static PromoInput refused(String code, Refusal refusal) {
        return new PromoInput(code, refusal, eligible -> 0, true);
    }

    boolean applies() {
        return code != null && refusal == null;
    }
}
