package dev.kopilka.store.memory;

import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.port.MemberStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** In-memory {@link MemberStore}: the members of one program, indexed by every identifier. */
public final class InMemoryMemberStore extends InMemoryTable implements MemberStore {

    /** In id order, for paging (the order SQL stores page in). */
    private final TreeMap<String, Member> byId = new TreeMap<>();
    /** The same members for lookups by id, the most frequent read of every operation. */
    private final Map<String, Member> lookup = new HashMap<>();
    private final Map<String, String> byPhone = new HashMap<>();
    private final Map<String, String> byCard = new HashMap<>();
    private final Map<String, String> byExternalId = new HashMap<>();
    private final Map<Long, String> byTelegram = new HashMap<>();

    public InMemoryMemberStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<Member> findById(MemberId id) {
        return Optional.ofNullable(lookup.get(id.value()));
    }

    @Override
    public Optional<Member> findByPhone(String e164) {
        return via(byPhone, e164);
    }

    @Override
    public Optional<Member> findByCard(String cardNumber) {
        return via(byCard, cardNumber);
    }

    @Override
    public Optional<Member> findByExternalId(String externalId) {
        return via(byExternalId, externalId);
    }

    @Override
    public Optional<Member> findByTelegramUserId(long telegramUserId) {
        return via(byTelegram, telegramUserId);
    }

    @Override
    public Optional<Member> lock(MemberId id) {
        // The program's write lock is already exclusive: finding is locking.
        return findById(id);
    }

    @Override
    public void insert(Member member) {
        requireWritable();
        if (lookup.containsKey(member.id().value())) {
            throw new IllegalStateException("duplicate member id " + member.id());
        }
        checkUnique(member);
        byId.put(member.id().value(), member);
        lookup.put(member.id().value(), member);
        index(member);
        undoable(() -> {
            unindex(member);
            byId.remove(member.id().value());
            lookup.remove(member.id().value());
        });
    }

    @Override
    public void update(Member member) {
        requireWritable();
        Member previous = lookup.get(member.id().value());
        if (previous == null) {
            throw new IllegalStateException("no member " + member.id() + " to update");
        }
        checkUnique(member);
        unindex(previous);
        byId.put(member.id().value(), member);
        lookup.put(member.id().value(), member);
        index(member);
        undoable(() -> {
            unindex(member);
            byId.put(previous.id().value(), previous);
            lookup.put(previous.id().value(), previous);
            index(previous);
        });
    }

    @Override
    public long count() {
        return byId.size();
    }

    @Override
    public List<Member> page(MemberId afterExclusive, int limit) {
        Map<String, Member> tail = afterExclusive == null ? byId : byId.tailMap(afterExclusive.value(), false);
        return tail.values().stream().limit(limit).toList();
    }

    private <K> Optional<Member> via(Map<K, String> index, K key) {
        return Optional.ofNullable(index.get(key)).map(lookup::get);
    }

    private void checkUnique(Member member) {
        unique(byPhone, member.phone(), member, "phone");
        unique(byCard, member.cardNumber(), member, "card");
        unique(byExternalId, member.externalId(), member, "external id");
        unique(byTelegram, member.telegramUserId(), member, "telegram user id");
    }

    private static <K> void unique(Map<K, String> index, K key, Member member, String what) {
        if (key != null) {
            String holder = index.get(key);
            if (holder != null && !holder.equals(member.id().value())) {
                throw new IllegalStateException(what + " " + key + " already belongs to member " + holder);
            }
        }
    }

    private void index(Member m) {
        put(byPhone, m.phone(), m);
        put(byCard, m.cardNumber(), m);
        put(byExternalId, m.externalId(), m);
        put(byTelegram, m.telegramUserId(), m);
    }

    private void unindex(Member m) {
        remove(byPhone, m.phone(), m);
        remove(byCard, m.cardNumber(), m);
        remove(byExternalId, m.externalId(), m);
        remove(byTelegram, m.telegramUserId(), m);
    }

    private static <K> void put(Map<K, String> index, K key, Member m) {
        if (key != null) {
            index.put(key, m.id().value());
        }
    }

    private static <K> void remove(Map<K, String> index, K key, Member m) {
        if (key != null && Objects.equals(index.get(key), m.id().value())) {
            index.remove(key);
        }
    }

    /** Every member, for {@link InMemoryAnalyticsStore}. */
    Collection<Member> allMembers() {
        return byId.values();
    }
}
