package dev.kopilka.promo.internal;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.Require;
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
public final class DefaultPromoCodes implements PromoCodes {

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
            Instant validFrom = spec.validFrom();
            Instant validUntil = spec.validFor() != null
                    ? now.atZone(clock.getZone()).plus(spec.validFor()).toInstant() : spec.validUntil();
            PromoCode promo = new PromoCode(code, spec.discount(), spec.minReceiptKopecks(), validFrom, validUntil,
                    spec.owner(), spec.maxUses(), 0, spec.combinesWithPoints(), spec.origin(), now);
            store.insert(promo);
            work.raise(new PromoCodeIssued(program, now, code, spec.owner(), spec.origin()));
            return Outcome.accepted(promo);
        });
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
