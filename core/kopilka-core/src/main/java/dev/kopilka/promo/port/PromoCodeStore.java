package dev.kopilka.promo.port;

import dev.kopilka.member.MemberId;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoUse;
import java.util.List;
import java.util.Optional;

/** Secondary port: the promo codes of one program, bound to one store transaction. Codes are unique. */
public interface PromoCodeStore {

    /** @param code upper case, as {@link PromoCode#normalize} returns it */
    Optional<PromoCode> find(String code);

    boolean exists(String code);

    /** Fails the transaction if the code exists. */
    void insert(PromoCode code);

    /** Counts one use of the code and keeps it. */
    void recordUse(String code, PromoUse use);

    List<PromoUse> uses(String code);

    List<PromoCode> ownedBy(MemberId owner);
}
