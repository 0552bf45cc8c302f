package dev.kopilka.promo.port;

import dev.kopilka.member.MemberId;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoUse;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Secondary port: the promo codes of one program, bound to one store transaction. Codes are unique. */
public interface PromoCodeStore {

    /** @param code upper case, as {@link PromoCode#normalize} returns it */
    Optional<PromoCode> find(String code);

    boolean exists(String code);

    /**
     * {@link #find} for many codes at once (a sweep's follow-ups); codes not found are absent. The default loops
     * over {@link #find}.
     */
    default Map<String, PromoCode> findAll(Collection<String> codes) {
        Map<String, PromoCode> found = new LinkedHashMap<>();
        for (String c : new LinkedHashSet<>(codes)) {
            find(c).ifPresent(p -> found.put(c, p));
        }
        return found;
    }

    /** The codes among these that exist (a batch of generated codes checked at once). Default: {@link #exists}. */
    default Set<String> existing(Collection<String> codes) {
        Set<String> taken = new LinkedHashSet<>();
        for (String c : codes) {
            if (exists(c)) {
                taken.add(c);
            }
        }
        return taken;
    }

    /** Fails the transaction if the code exists. */
    void insert(PromoCode code);

    /**
     * {@link #insert} for many codes, in their order; like it, a code that exists (or twice in the batch) fails the
     * transaction. The default loops over {@link #insert}.
     */
    default void insertAll(Collection<PromoCode> codes) {
        for (PromoCode c : codes) {
            insert(c);
        }
    }

    /** Counts one use of the code and keeps it. */
    void recordUse(String code, PromoUse use);

    List<PromoUse> uses(String code);

    List<PromoCode> ownedBy(MemberId owner);
}
