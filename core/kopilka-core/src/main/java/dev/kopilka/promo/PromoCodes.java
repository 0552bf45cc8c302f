package dev.kopilka.promo;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import java.util.List;
import java.util.Optional;

/** The promo codes of a program. Obtain it from {@code Kopilka.promoCodes()}; the till applies them through the checkout. */
public interface PromoCodes {

    /**
     * Creates a code: the spec's own code, or a generated unique one when it has none. An existing code is
     * refused ({@code duplicate_promo_code}); a personal code's owner must exist.
     */
    Outcome<PromoCode> create(ProgramId program, PromoCodeSpec spec);

    Optional<PromoCode> find(ProgramId program, String code);

    List<PromoCode> ownedBy(ProgramId program, MemberId owner);

    List<PromoUse> uses(ProgramId program, String code);

    /** Would the code apply to this receipt now? Writes nothing. */
    PromoCheck check(ProgramId program, String code, MemberId buyer, long receiptKopecks);
}
