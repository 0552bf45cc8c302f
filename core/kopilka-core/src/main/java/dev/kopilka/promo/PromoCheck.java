package dev.kopilka.promo;

import java.time.Instant;

/**
 * Whether a promo code applies to a receipt. Refusals carry a stable {@link #code()} and the MAXMA error
 * number ({@link #maxmaCode()}): 33 not found, 34 conditions not met, 35 used up, 36 outside validity.
 */
public sealed interface PromoCheck {

    String code();

    int maxmaCode();

    String message();

    record Applicable(PromoCode promo) implements PromoCheck {
        public String code() { return "promo_applicable"; }
        public int maxmaCode() { return 0; }
        public String message() { return "promo code " + promo.code() + " applies: " + promo.discount(); }
    }

    record NotFound(String promoCode) implements PromoCheck {
        public String code() { return "promo_not_found"; }
        public int maxmaCode() { return 33; }
        public String message() { return "promo code " + promoCode + " does not exist"; }
    }

    /** @param condition {@code min_receipt} or {@code personal} */
    record ConditionsNotMet(String promoCode, String condition, String detail) implements PromoCheck {
        public String code() { return "promo_conditions_not_met"; }
        public int maxmaCode() { return 34; }
        public String message() { return "promo code " + promoCode + ": " + detail; }
    }

    record UsedUp(String promoCode, int uses, int maxUses) implements PromoCheck {
        public String code() { return "promo_used_up"; }
        public int maxmaCode() { return 35; }
        public String message() { return "promo code " + promoCode + " was used " + uses + " of " + maxUses + " times"; }
    }

    record OutsideValidity(String promoCode, Instant validFrom, Instant validUntil, Instant now) implements PromoCheck {
        public String code() { return "promo_outside_validity"; }
        public int maxmaCode() { return 36; }
        public String message() {
            return "promo code " + promoCode + " is valid " + (validFrom == null ? "" : "from " + validFrom + " ")
                    + (validUntil == null ? "" : "until " + validUntil);
        }
    }
}
