package dev.kopilka.promo.internal;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.Require;
import dev.kopilka.internal.BulkPromoCodes;
import dev.kopilka.internal.Transactor;
import dev.kopilka.member.MemberId;
import dev.kopilka.promo.PromoCheck;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoCodeGenerator;
import dev.kopilka.promo.PromoCodeIssued;
import dev.kopilka.promo.PromoCodeSpec;
import dev.kopilka.promo.PromoCodes;
import dev.kopilka.promo.PromoUse;
import dev.kopilka.promo.port.PromoCodeStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Promo codes over the store. */
public final class DefaultPromoCodes implements PromoCodes, BulkPromoCodes {

    private final Transactor transactor;
    private final Clock clock;
    private final PromoCodeGenerator generator;

    public DefaultPromoCodes(Transactor transactor, Clock clock, PromoCodeGenerator generator) {
        this.transactor = transactor;
        this.clock = clock;
        this.generator = generator;
    }

    @Override
    public Outcome<PromoCode> create(ProgramId program, PromoCodeSpec spec) {
        Require.present(spec, "spec");
        String explicit = spec.code() == null ? null : PromoCode.normalize(spec.code());
        return transactor.write(program, work -> {
            PromoCodeStore store = work.tx().promoCodes();
            if (spec.owner() != null && work.tx().members().findById(spec.owner()).isEmpty()) {
                return Outcome.refused(new Refusal.MemberNotFound("member id " + spec.owner()));
            }
            if (explicit != null && store.exists(explicit)) {
                return Outcome.refused(new Refusal.DuplicatePromoCode(explicit));
            }
            Instant now = clock.instant();
            String code = explicit != null ? explicit : generator.nextUnused(store::exists);
            PromoCode promo = promo(spec, code, now);
            store.insert(promo);
            work.raise(new PromoCodeIssued(program, now, code, spec.owner(), spec.origin()));
            return Outcome.accepted(promo);
        });
    }

    /**
     * {@link #create} for many specs in one transaction (the caller's, when inside one): each outcome equals what
     * {@link #create} would give, but the owners are read, generated codes checked and the codes inserted in one
     * statement each. Outcomes are in the order of {@code specs}; generated codes are drawn in that order.
     */
    @Override
    public List<Outcome<PromoCode>> createAll(ProgramId program, List<PromoCodeSpec> specs) {
        return transactor.write(program, work -> {
            PromoCodeStore store = work.tx().promoCodes();
            java.util.Set<MemberId> owners = new java.util.LinkedHashSet<>();
            java.util.Set<String> explicit = new java.util.LinkedHashSet<>();
            for (PromoCodeSpec spec : specs) {
                Require.present(spec, "spec");
                if (spec.owner() != null) {
                    owners.add(spec.owner());
                }
                if (spec.code() != null) {
                    explicit.add(PromoCode.normalize(spec.code()));
                }
            }
            java.util.Set<MemberId> found = owners.isEmpty() ? java.util.Set.of()
                    : work.tx().members().findByIds(owners).keySet();
            java.util.Set<String> taken = explicit.isEmpty() ? new java.util.HashSet<>()
                    : new java.util.HashSet<>(store.existing(explicit));
            List<Outcome<PromoCode>> outcomes = new java.util.ArrayList<>(java.util.Collections.nCopies(specs.size(),
                    null));
            List<Integer> generated = new java.util.ArrayList<>();
            java.util.Map<Integer, String> codes = new java.util.HashMap<>();
            for (int i = 0; i < specs.size(); i++) {
                PromoCodeSpec spec = specs.get(i);
                if (spec.owner() != null && !found.contains(spec.owner())) {
                    outcomes.set(i, Outcome.refused(new Refusal.MemberNotFound("member id " + spec.owner())));
                } else if (spec.code() != null) {
                    String code = PromoCode.normalize(spec.code());
                    if (!taken.add(code)) {
                        outcomes.set(i, Outcome.refused(new Refusal.DuplicatePromoCode(code)));
                    } else {
                        codes.put(i, code);
                    }
                } else {
                    generated.add(i);
                }
            }
            if (!generated.isEmpty()) {
                List<String> drawn = generator.nextUnused(generated.size(), candidates -> {
                    java.util.Set<String> stored = new java.util.HashSet<>(store.existing(candidates));
                    candidates.stream().filter(taken::contains).forEach(stored::add); // explicit codes of the batch
                    return stored;
                });
                for (int k = 0; k < generated.size(); k++) {
                    codes.put(generated.get(k), drawn.get(k));
                }
            }
            Instant now = clock.instant();
            List<PromoCode> inserts = new java.util.ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                String code = codes.get(i);
                if (code == null) {
                    continue;
                }
                PromoCode promo = promo(specs.get(i), code, now);
                inserts.add(promo);
                outcomes.set(i, Outcome.accepted(promo));
            }
            store.insertAll(inserts);
            for (PromoCode promo : inserts) {
                work.raise(new PromoCodeIssued(program, now, promo.code(), promo.owner(), promo.origin()));
            }
            return outcomes;
        });
    }

    private PromoCode promo(PromoCodeSpec spec, String code, Instant now) {
        Instant validUntil = spec.validFor() != null
                ? now.atZone(clock.getZone()).plus(spec.validFor()).toInstant() : spec.validUntil();
        return new PromoCode(code, spec.discount(), spec.minReceiptKopecks(), spec.validFrom(), validUntil,
                spec.owner(), spec.maxUses(), 0, spec.combinesWithPoints(), spec.origin(), now);
    }

    @Override
    public Optional<PromoCode> find(ProgramId program, String code) {
        String normalized = PromoCode.normalize(code);
        return transactor.read(program, tx -> tx.promoCodes().find(normalized));
    }

    @Override
    public List<PromoCode> ownedBy(ProgramId program, MemberId owner) {
        Require.present(owner, "owner");
        return transactor.read(program, tx -> tx.promoCodes().ownedBy(owner));
    }

    @Override
    public List<PromoUse> uses(ProgramId program, String code) {
        String normalized = PromoCode.normalize(code);
        return transactor.read(program, tx -> tx.promoCodes().uses(normalized));
    }

    @Override
    public PromoCheck check(ProgramId program, String code, MemberId buyer, long receiptKopecks) {
        String normalized = PromoCode.normalize(code);
        return transactor.read(program, tx -> tx.promoCodes().find(normalized)
                .map(p -> p.check(buyer, receiptKopecks, clock.instant()))
                .orElseGet(() -> new PromoCheck.NotFound(normalized)));
    }
}
