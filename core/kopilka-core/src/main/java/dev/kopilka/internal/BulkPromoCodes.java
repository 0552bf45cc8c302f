package dev.kopilka.internal;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoCodeSpec;
import java.util.List;

/** Promo codes created in bulk for the campaigns' daily sweep: the same outcomes as one {@code create} each. */
public interface BulkPromoCodes {

    /**
     * {@code PromoCodes.create} for many specs in one transaction (the caller's, when inside one); outcomes in the
     * order of {@code specs}, generated codes drawn in that order.
     */
    List<Outcome<PromoCode>> createAll(ProgramId program, List<PromoCodeSpec> specs);
}
