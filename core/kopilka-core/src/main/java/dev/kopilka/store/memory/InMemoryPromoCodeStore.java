package dev.kopilka.store.memory;

import dev.kopilka.member.MemberId;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoUse;
import dev.kopilka.promo.port.PromoCodeStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link PromoCodeStore}: the promo codes of one program. */
public final class InMemoryPromoCodeStore extends InMemoryTable implements PromoCodeStore {

    private final Map<String, PromoCode> codes = new HashMap<>();
    private final Map<String, List<PromoUse>> uses = new HashMap<>();
    private final Map<MemberId, List<String>> byOwner = new HashMap<>();

    public InMemoryPromoCodeStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<PromoCode> find(String code) {
        return Optional.ofNullable(codes.get(code));
    }

    @Override
    public boolean exists(String code) {
        return codes.containsKey(code);
    }

    @Override
    public void insert(PromoCode code) {
        requireWritable();
        if (codes.containsKey(code.code())) {
            throw new IllegalStateException("duplicate promo code " + code.code());
        }
        codes.put(code.code(), code);
        if (code.owner() != null) {
            List<String> owned = byOwner.computeIfAbsent(code.owner(), o -> new ArrayList<>());
            owned.add(code.code());
            undoable(() -> owned.remove(owned.size() - 1));
        }
        undoable(() -> codes.remove(code.code()));
    }

    @Override
    public void recordUse(String code, PromoUse use) {
        requireWritable();
        PromoCode previous = codes.get(code);
        if (previous == null) {
            throw new IllegalStateException("no promo code " + code);
        }
        codes.put(code, previous.withUses(previous.uses() + 1));
        List<PromoUse> list = uses.computeIfAbsent(code, c -> new ArrayList<>());
        list.add(use);
        undoable(() -> {
            list.remove(list.size() - 1);
            codes.put(code, previous);
        });
    }

    @Override
    public List<PromoUse> uses(String code) {
        return List.copyOf(uses.getOrDefault(code, List.of()));
    }

    @Override
    public List<PromoCode> ownedBy(MemberId owner) {
        return byOwner.getOrDefault(owner, List.of()).stream().map(codes::get).toList();
    }

    /** Every code, for {@link InMemoryAnalyticsStore}. */
    java.util.Collection<PromoCode> allCodes() {
        return codes.values();
    }

    /** Uses of one code, for {@link InMemoryAnalyticsStore}. */
    List<PromoUse> usesOf(String code) {
        return uses.getOrDefault(code, List.of());
    }
}
