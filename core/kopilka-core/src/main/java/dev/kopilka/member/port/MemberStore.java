package dev.kopilka.member.port;

import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secondary port: the members of one program, bound to one store transaction. Phone, card, external id and
 * Telegram user id are each unique within the program; the core checks before writing, and the store
 * enforces it as the last line of defence (a violation fails the transaction).
 */
public interface MemberStore {

    Optional<Member> findById(MemberId id);

    /**
     * The members with these ids, in one go: bulk work (a dispatcher's batch, a sweep's candidates) must not
     * pay a round trip per member. Ids not found are absent from the map; duplicates are looked up once.
     * The default loops over {@link #findById}; stores that can do better override it.
     */
    default Map<MemberId, Member> findByIds(Collection<MemberId> ids) {
        Map<MemberId, Member> found = new LinkedHashMap<>();
        for (MemberId id : ids) {
            if (!found.containsKey(id)) {
                findById(id).ifPresent(m -> found.put(id, m));
            }
        }
        return found;
    }

    /** @param e164 a normalised phone, e.g. {@code +79991234567} */
    Optional<Member> findByPhone(String e164);

    Optional<Member> findByCard(String cardNumber);

    Optional<Member> findByExternalId(String externalId);

    Optional<Member> findByTelegramUserId(long telegramUserId);

    /**
     * Finds the member and locks them until the transaction ends ({@code SELECT ... FOR UPDATE}): writers on
     * the same member are serialised, so points can never be spent twice.
     */
    Optional<Member> lock(MemberId id);

    /**
     * {@link #lock} for many members at once (a sweep's page of grants); ids not found are absent. Callers pass
     * the ids in one consistent order (the sweep's: by id) so two bulk lockers cannot deadlock. The default loops
     * over {@link #lock} in the order given.
     */
    default Map<MemberId, Member> lockAll(Collection<MemberId> ids) {
        Map<MemberId, Member> locked = new LinkedHashMap<>();
        for (MemberId id : ids) {
            if (!locked.containsKey(id)) {
                lock(id).ifPresent(m -> locked.put(id, m));
            }
        }
        return locked;
    }

    void insert(Member member);

    /** Replaces the member with the same id. */
    void update(Member member);

    long count();

    /** Members ordered by id, after {@code afterExclusive} (null: from the start), at most {@code limit}. */
    List<Member> page(MemberId afterExclusive, int limit);
}
