package dev.kopilka.checkout.internal;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.RequestFingerprint;
import dev.kopilka.Require;
import dev.kopilka.checkout.AnonymousReceipt;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.Checkout;
import dev.kopilka.checkout.CheckoutEvents.AnonymousReceiptReported;
import dev.kopilka.checkout.CheckoutEvents.PurchaseCompleted;
import dev.kopilka.checkout.CheckoutEvents.ReturnApplied;
import dev.kopilka.checkout.CheckoutRules;
import dev.kopilka.checkout.Discarded;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.ProductPreview;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnCalculation;
import dev.kopilka.checkout.ReturnLine;
import dev.kopilka.checkout.ReturnReceipt;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.checkout.Ticket;
import dev.kopilka.checkout.port.ReturnRecord;
import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.internal.IdSource;
import dev.kopilka.internal.MemberFinder;
import dev.kopilka.internal.Transactor;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.LedgerEvents.PointsRedeemed;
import dev.kopilka.ledger.LedgerRules;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotConsumption;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.ledger.MemberPoints;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.Tier;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.promo.PromoCheck;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoCodeRedeemed;
import dev.kopilka.promo.PromoUse;
import dev.kopilka.store.port.SaleStart;
import dev.kopilka.store.port.StoreTransaction;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import dev.kopilka.checkout.RedemptionConfirmation;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The checkout: each writing call is one store transaction under the member's lock. */
public final class DefaultCheckout implements Checkout {

    private final Transactor transactor;
    private final MemberFinder finder;
    private final LedgerRules ledgerRules;
    private final CheckoutRules rules;
    private final Clock clock;
    private final IdSource ids;
    private final RedemptionCodes codes;
    private final ReplayCache replays;

    /** What the member reads in the message with the code; {points}, {code}, {minutes}. */
    static final String CODE_TEXT = "Код для списания {points} бонусов: {code}. Действует {minutes} мин."
            + " Сообщите его кассиру, больше никому.";

    public DefaultCheckout(Transactor transactor, MemberFinder finder, LedgerRules ledgerRules, CheckoutRules rules,
            Clock clock, IdSource ids) {
        this(transactor, finder, ledgerRules, rules, clock, ids, RedemptionConfirmation.off(), 0);
    }

    /** @param replayCacheSize how many committed purchase receipts to keep for retries (0: none, see ReplayCache) */
    public DefaultCheckout(Transactor transactor, MemberFinder finder, LedgerRules ledgerRules, CheckoutRules rules,
            Clock clock, IdSource ids, RedemptionConfirmation confirmation, int replayCacheSize) {
        this.replays = new ReplayCache(replayCacheSize);
        this.codes = new RedemptionCodes(confirmation);
        this.transactor = transactor;
        this.finder = finder;
        this.ledgerRules = ledgerRules;
        this.rules = rules;
        this.clock = clock;
        this.ids = ids;
    }

    // ------------------------------------------------------------------------------------------ sale

    @Override
    public Outcome<Calculation> calculate(ProgramId program, PurchaseRequest request) {
        Require.present(request, "request");
        return transactor.read(program, tx -> {
            Instant now = clock.instant();
            if (request.member() == null) {
                return Outcome.accepted(ReceiptCalculator.calculate(request, null, ledgerRules.baseTier(), 0,
                        promo(tx, request, null, now), rules));
            }
            Optional<Member> member = finder.find(tx.members(), request.member());
            Refusal refusal = memberRefusal(member, request.member());
            if (refusal != null) {
                return Outcome.refused(refusal);
            }
            MemberPoints points = load(program, tx, member.get(), now);
            return Outcome.accepted(calculate(tx, request, member.get(), points));
        });
    }

    @Override
    public Outcome<PurchaseReceipt> purchase(ProgramId program, String txid, PurchaseRequest request) {
        RequestFingerprint fields = checkedFields(txid, request, SaleRecord.Kind.PURCHASE);
        PurchaseReceipt committed = replays.find(program, txid, fields);
        if (committed != null) {
            return Outcome.accepted(committed); // a retry of a purchase this instance saw committed
        }
        return sell(program, txid, request, SaleRecord.Kind.PURCHASE, fields).map(SaleRecord::receipt);
    }

    /** Committed purchases go to the replay cache, which answers an identical retry without the store. */
    private void remember(ProgramId program, String txid, Transactor.Work work, SaleRecord sale) {
        if (sale.kind() == SaleRecord.Kind.PURCHASE && sale.receipt() != null) {
            work.afterCommit(() -> replays.committed(program, txid, sale.request(), sale.receipt()));
        }
    }

    @Override
    public Outcome<Ticket> hold(ProgramId program, String txid, PurchaseRequest request) {
        return sell(program, txid, request, SaleRecord.Kind.HOLD, checkedFields(txid, request, SaleRecord.Kind.HOLD))
                .map(SaleRecord::heldTicket);
    }

    private static RequestFingerprint checkedFields(String txid, PurchaseRequest request, SaleRecord.Kind kind) {
        Require.token(txid, "txid", 128);
        Require.present(request, "request");
        if (request.member() == null) {
            throw new InvalidRequestException("member", "is required for a " + kind.name().toLowerCase(Locale.ROOT)
                    + "; report receipts without a card with reportAnonymousReceipt", null);
        }
        return fields(kind, request);
    }

    private Outcome<SaleRecord> sell(ProgramId program, String txid, PurchaseRequest request, SaleRecord.Kind kind,
            RequestFingerprint fields) {
        Outcome<SaleRecord> outcome = transactor.write(program, work -> {
            StoreTransaction tx = work.tx();
            MemberId memberId;
            if (request.member() instanceof MemberRef.ById byId) {
                memberId = byId.id();
            } else {
                // A receipt is answered from its record even if the phone or card has since moved on.
                Optional<SaleRecord> earlier = tx.checkout().sale(txid);
                if (earlier.isPresent()) {
                    remember(program, txid, work, earlier.get());
                    return replay("receipt", txid, earlier.get().request(), fields, earlier.get());
                }
                Optional<Member> found = finder.find(tx.members(), request.member());
                if (found.isEmpty()) {
                    return Outcome.refused(memberRefusal(found, request.member()));
                }
                memberId = found.get().id();
            }
            // The till's hot path: sale check, member lock and the member's ledger, in as few round trips as the
            // store can.
            SaleStart start = tx.startSale(txid, memberId);
            if (start.earlier().isPresent()) {
                remember(program, txid, work, start.earlier().get());
                return replay("receipt", txid, start.earlier().get().request(), fields, start.earlier().get());
            }
            Optional<Member> member = start.member();
            Refusal refusal = memberRefusal(member, request.member());
            if (refusal != null) {
                return Outcome.refused(refusal);
            }
            Instant now = clock.instant();
            MemberPoints points = MemberPoints.load(tx.ledger(), start.ledger(), ledgerRules, ids::next, program,
                    memberId, member.get().joinedAt(), now);
            Calculation calc = calculate(tx, request, member.get(), points);
            if (calc.refusal() != null) {
                return Outcome.refused(calc.refusal());
            }
            if (codes.appliesTo(calc.pointsApplied())) {
                RedemptionCodes.Verdict verdict = codes.check(tx.redemptionCodes(), txid, memberId,
                        calc.pointsApplied(), request.confirmationCode(), now);
                if (verdict.refusal() != null) {
                    if (verdict.issued() != null) {
                        // the only write of a refused request: the code's message, committed with nothing else
                        tx.outbox().enqueue(List.of(codeMessage(memberId, txid, calc.pointsApplied(),
                                verdict.issued(), now, verdict.expiresAt())));
                    }
                    return Outcome.refused(verdict.refusal());
                }
                codes.used(tx.redemptionCodes(), txid); // gone when the sale commits, kept if it rolls back
            }
            SaleRecord sale;
            if (kind == SaleRecord.Kind.PURCHASE) {
                List<LotConsumption> consumed = List.of();
                if (calc.pointsApplied() > 0) {
                    LedgerEntry redeem = points.spend(EntryType.REDEEM, calc.pointsApplied(), txid, null);
                    consumed = redeem.consumptions();
                    work.raise(new PointsRedeemed(program, now, member.get().id(), calc.pointsApplied(), txid));
                }
                SaleRecord draft = new SaleRecord(txid, kind, SaleRecord.Status.HELD, member.get().id(),
                        request.storeId(), fields, now, calc, null, null, null, consumed, null, null, null, null,
                        Map.of(), 0);
                sale = complete(program, work, tx, points, draft, consumed);
                tx.checkout().insertSale(sale);
                remember(program, txid, work, sale);
            } else {
                String ticket = ids.next();
                Instant expiresAt = now.plus(rules.holdTtl());
                Reservation reservation = calc.pointsApplied() > 0
                        ? points.reserve(calc.pointsApplied(), txid, expiresAt) : null;
                Ticket held = new Ticket(ticket, txid, calc, now, expiresAt, points.balance());
                sale = new SaleRecord(txid, kind, SaleRecord.Status.HELD, member.get().id(), request.storeId(), fields,
                        now, calc, ticket, reservation == null ? null : reservation.id(), expiresAt,
                        reservation == null ? List.of() : reservation.consumptions(), null, held, null, null, Map.of(), 0);
                tx.checkout().insertSale(sale);
            }
            points.events().forEach(work::raise);
            points.flush();
            return Outcome.accepted(sale);
        });
        return outcome;
    }

    private OutboxMessage codeMessage(MemberId member, String txid, long points, String code, Instant now,
            Instant expiresAt) {
        String text = CODE_TEXT.replace("{points}", Long.toString(points)).replace("{code}", code)
                .replace("{minutes}", Long.toString(Math.max(1, java.time.Duration.between(now, expiresAt)
                        .toMinutes())));
        String id = ids.next(); // each issued code is its own message, even two in the same millisecond
        return new OutboxMessage(id, member, "redemption-code:" + txid + ":" + id,
                MessagePurpose.TRANSACTIONAL, null, text, now, now, expiresAt);
    }

    @Override
    public Outcome<PurchaseReceipt> confirm(ProgramId program, String ticket) {
        return onTicket(program, ticket, sale -> sale.status() == SaleRecord.Status.COMPLETED
                ? Outcome.accepted(sale.receipt())
                : Outcome.refused(new Refusal.TicketClosed(ticket, "discarded")),
                (work, sale, points) -> {
                    Instant now = points.now();
                    if (!now.isBefore(sale.holdExpiresAt())) {
                        return Outcome.refused(new Refusal.TicketExpired(ticket, sale.holdExpiresAt()));
                    }
                    Refusal promoRefusal = recheckPromo(work.tx(), sale);
                    if (promoRefusal != null) {
                        return Outcome.refused(promoRefusal);
                    }
                    List<LotConsumption> consumed = List.of();
                    if (sale.reservationId() != null) {
                        Reservation reservation = points.reservation(sale.reservationId()).orElseThrow(
                                () -> new IllegalStateException("reservation of open ticket " + ticket + " is missing"));
                        points.confirm(reservation, sale.txid());
                        consumed = reservation.consumptions();
                        work.raise(new PointsRedeemed(program, now, sale.member(), reservation.points(), sale.txid()));
                    }
                    SaleRecord completed = complete(program, work, work.tx(), points, sale, consumed);
                    work.tx().checkout().updateSale(completed);
                    return Outcome.accepted(completed.receipt());
                });
    }

    @Override
    public Outcome<Discarded> discard(ProgramId program, String ticket) {
        return onTicket(program, ticket, sale -> sale.status() == SaleRecord.Status.DISCARDED
                ? Outcome.accepted(sale.discarded())
                : Outcome.refused(new Refusal.TicketClosed(ticket, "confirmed")),
                (work, sale, points) -> {
                    // A hold past its TTL was already released by settling; discarding it only closes the ticket.
                    if (sale.reservationId() != null) {
                        points.reservation(sale.reservationId()).ifPresent(r -> points.release(r, sale.txid()));
                    }
                    Discarded discarded = new Discarded(ticket, sale.txid(), sale.calculation().pointsApplied(),
                            points.balance());
                    work.tx().checkout().updateSale(sale.discarded(discarded));
                    return Outcome.accepted(discarded);
                });
    }

    /** What to do with an open ticket, its owner locked and settled. */
    private interface OpenTicket<T> {
        Outcome<T> apply(Transactor.Work work, SaleRecord sale, MemberPoints points);
    }

    /**
     * Finds the ticket; a closed one is answered by {@code closed} (a retry gets its stored result), an open one
     * is handed to {@code open} with its member locked, and what it changed is written if it was accepted.
     */
    private <T> Outcome<T> onTicket(ProgramId program, String ticket, Function<SaleRecord, Outcome<T>> closed,
            OpenTicket<T> open) {
        Require.token(ticket, "ticket", 128);
        return transactor.write(program, work -> {
            StoreTransaction tx = work.tx();
            Optional<SaleRecord> found = tx.checkout().saleByTicket(ticket);
            if (found.isEmpty()) {
                return Outcome.refused(new Refusal.TicketNotFound(ticket));
            }
            SaleRecord sale = found.get();
            if (sale.status() != SaleRecord.Status.HELD) {
                return closed.apply(sale);
            }
            Member member = tx.members().lock(sale.member())
                    .orElseThrow(() -> new IllegalStateException("member " + sale.member() + " of " + ticket + " is gone"));
            MemberPoints points = load(program, tx, member, clock.instant());
            Outcome<T> outcome = open.apply(work, sale, points);
            if (outcome.isAccepted()) {
                points.events().forEach(work::raise);
                points.flush();
            }
            return outcome;
        });
    }

    /** Earns, counts the promo code and the spend, and builds the receipt of a sale being completed. */
    private SaleRecord complete(ProgramId program, Transactor.Work work, StoreTransaction tx, MemberPoints points,
            SaleRecord sale, List<LotConsumption> consumed) {
        Calculation calc = sale.calculation();
        Instant now = points.now();
        Lot earned = null;
        if (calc.pointsEarned() > 0) {
            Instant activatesAt = ledgerRules.plus(now, ledgerRules.earningDelay());
            Instant expiresAt = ledgerRules.earningValidity().map(v -> ledgerRules.plus(activatesAt, v)).orElse(null);
            earned = points.addLot(LotSource.PURCHASE, calc.pointsEarned(), activatesAt, expiresAt, sale.txid(), null);
        }
        points.recordPurchase(calc.toPay(), sale.txid());
        if (calc.promoCode() != null) {
            tx.promoCodes().recordUse(calc.promoCode(), new PromoUse(calc.promoCode(), sale.member(), sale.txid(), now));
            work.raise(new PromoCodeRedeemed(program, now, calc.promoCode(), sale.member(), sale.txid(),
                    calc.promoDiscount()));
        }
        PurchaseReceipt receipt = new PurchaseReceipt(sale.txid(), sale.member(), sale.storeId(), now, calc,
                earned == null ? null : earned.activatesAt(), earned == null ? null : earned.expiresAt(),
                points.balance());
        work.raise(new PurchaseCompleted(program, now, sale.member(), sale.txid(), sale.storeId(), calc.total(),
                calc.toPay(), calc.pointsApplied(), calc.pointsEarned(), calc.promoCode()));
        return sale.completed(consumed, earned == null ? null : earned.id(), receipt);
    }

    // ------------------------------------------------------------------------------------------ returns

    @Override
    public Outcome<ReturnCalculation> calculateReturn(ProgramId program, ReturnRequest request) {
        Require.present(request, "request");
        return transactor.read(program, tx -> {
            Optional<SaleRecord> sale = completedSale(tx, request.saleTxid());
            if (sale.isEmpty()) {
                return Outcome.refused(new Refusal.SaleNotFound(request.saleTxid()));
            }
            return ReturnPlanner.plan(sale.get(), request).map(ReturnPlanner.Plan::calculation);
        });
    }

    @Override
    public Outcome<ReturnReceipt> applyReturn(ProgramId program, String returnId, ReturnRequest request) {
        Require.token(returnId, "returnId", 128);
        Require.present(request, "request");
        RequestFingerprint fields = returnFields(request);
        return transactor.write(program, work -> {
            StoreTransaction tx = work.tx();
            Optional<ReturnRecord> earlier = tx.checkout().returnRecord(returnId);
            if (earlier.isPresent()) {
                List<String> differing = earlier.get().request().differingFields(fields);
                return differing.isEmpty() ? Outcome.accepted(earlier.get().receipt())
                        : Outcome.refused(new Refusal.ConflictingRetry("return", returnId, differing));
            }
            Optional<SaleRecord> found = completedSale(tx, request.saleTxid());
            if (found.isEmpty()) {
                return Outcome.refused(new Refusal.SaleNotFound(request.saleTxid()));
            }
            MemberId owner = found.get().member();
            Member member = tx.members().lock(owner)
                    .orElseThrow(() -> new IllegalStateException("member " + owner + " of sale " + request.saleTxid() + " is gone"));
            // Re-read under the lock: a concurrent return of the same sale may have committed meanwhile.
            SaleRecord sale = tx.checkout().sale(request.saleTxid()).orElseThrow();
            Outcome<ReturnPlanner.Plan> planned = ReturnPlanner.plan(sale, request);
            if (planned instanceof Outcome.Refused<ReturnPlanner.Plan> refused) {
                return Outcome.refused(refused.refusal());
            }
            ReturnPlanner.Plan plan = planned.orElseThrow();
            ReturnCalculation calc = plan.calculation();
            Instant now = clock.instant();
            MemberPoints points = load(program, tx, member, now);
            points.restore(sale.redemption(), plan.alreadyRestored(), calc.pointsRestored(), returnId,
                    rules.expiredLotPolicy(), rules.regrantValidity());
            MemberPoints.Clawback clawback = points.clawback(calc.pointsClawedBack(), sale.earnedLotId(), returnId,
                    rules.overspentPolicy());
            points.recordRefund(calc.refundKopecks(), returnId);
            ReturnReceipt receipt = new ReturnReceipt(returnId, now, calc, clawback.fromLots(), clawback.asDebt(),
                    clawback.shortfall(), points.balance());
            tx.checkout().updateSale(sale.returned(plan.returnedAfter(), sale.refundedKopecks() + calc.refundKopecks()));
            tx.checkout().insertReturn(new ReturnRecord(returnId, sale.txid(), fields, receipt));
            work.raise(new ReturnApplied(program, now, member.id(), returnId, sale.txid(), calc.refundKopecks(),
                    calc.pointsRestored(), calc.pointsClawedBack()));
            points.events().forEach(work::raise);
            points.flush();
            return Outcome.accepted(receipt);
        });
    }

    // ------------------------------------------------------------------------------------------ others

    @Override
    public Outcome<List<ProductPreview>> previewProducts(ProgramId program, MemberRef ref, List<Line> products) {
        Require.present(products, "products");
        return transactor.read(program, tx -> {
            Tier tier = ledgerRules.baseTier();
            if (ref != null) {
                Optional<Member> member = finder.find(tx.members(), ref);
                Refusal refusal = memberRefusal(member, ref);
                if (refusal != null) {
                    return Outcome.refused(refusal);
                }
                tier = load(program, tx, member.get(), clock.instant()).tier();
            }
            List<ProductPreview> previews = new ArrayList<>(products.size());
            for (Line product : products) {
                long earned = product.noEarn() ? 0
                        : ReceiptCalculator.pointsFor(product.amount(), tier.ratePercent(), rules.pointValueKopecks());
                previews.add(new ProductPreview(product.sku(), product.amount(), earned));
            }
            return Outcome.accepted(previews);
        });
    }

    @Override
    public Outcome<AnonymousReceipt> reportAnonymousReceipt(ProgramId program, AnonymousReceipt receipt) {
        Require.present(receipt, "receipt");
        return transactor.write(program, work -> {
            Optional<AnonymousReceipt> earlier = work.tx().checkout().anonymousReceipt(receipt.receiptId());
            if (earlier.isPresent()) {
                return earlier.get().equals(receipt) ? Outcome.accepted(earlier.get())
                        : Outcome.refused(new Refusal.ConflictingRetry("anonymous receipt", receipt.receiptId(),
                                anonymousFields(earlier.get()).differingFields(anonymousFields(receipt))));
            }
            work.tx().checkout().insertAnonymousReceipt(receipt);
            work.raise(new AnonymousReceiptReported(program, receipt.at(), receipt.receiptId(), receipt.storeId(),
                    receipt.amount()));
            return Outcome.accepted(receipt);
        });
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Calculation calculate(StoreTransaction tx, PurchaseRequest request, Member member, MemberPoints points) {
        return ReceiptCalculator.calculate(request, member.id(), points.tier(), points.available(),
                promo(tx, request, member, points.now()), rules);
    }

    private PromoInput promo(StoreTransaction tx, PurchaseRequest request, Member member, Instant now) {
        if (request.promoCode() == null) {
            return PromoInput.NONE;
        }
        String code = request.promoCode().toUpperCase(Locale.ROOT);
        Optional<PromoCode> found = tx.promoCodes().find(code);
        if (found.isEmpty()) {
            return PromoInput.refused(code, new Refusal.PromoCodeRefused(code, "promo_not_found", 33,
                    "promo code " + code + " does not exist"));
        }
        PromoCheck check = found.get().check(member == null ? null : member.id(), request.total(), now);
        if (check instanceof PromoCheck.Applicable) {
            PromoCode promo = found.get();
            return new PromoInput(code, null, promo::discountKopecks, promo.combinesWithPoints());
        }
        return PromoInput.refused(code, new Refusal.PromoCodeRefused(code, check.code(), check.maxmaCode(),
                check.message()));
    }

    private Refusal recheckPromo(StoreTransaction tx, SaleRecord sale) {
        String code = sale.calculation().promoCode();
        if (code == null) {
            return null;
        }
        Optional<PromoCode> found = tx.promoCodes().find(code);
        if (found.isEmpty()) {
            return new Refusal.PromoCodeRefused(code, "promo_not_found", 33, "promo code " + code + " does not exist");
        }
        // The code was valid at hold time; only a use by someone else since then can stop the confirmation.
        PromoCheck check = found.get().check(sale.member(), sale.calculation().total(), sale.createdAt());
        return check instanceof PromoCheck.Applicable ? null
                : new Refusal.PromoCodeRefused(code, check.code(), check.maxmaCode(), check.message());
    }

    private static Refusal memberRefusal(Optional<Member> member, MemberRef ref) {
        if (member.isEmpty()) {
            return new Refusal.MemberNotFound(MemberFinder.describe(ref));
        }
        return member.get().blocked() ? new Refusal.MemberBlocked(member.get().id()) : null;
    }

    private MemberPoints load(ProgramId program, StoreTransaction tx, Member member, Instant now) {
        return MemberPoints.load(tx.ledger(), ledgerRules, ids::next, program, member.id(), member.joinedAt(), now);
    }

    private static Optional<SaleRecord> completedSale(StoreTransaction tx, String txid) {
        return tx.checkout().sale(txid).filter(s -> s.status() == SaleRecord.Status.COMPLETED);
    }

    private static Outcome<SaleRecord> replay(String what, String key, RequestFingerprint stored,
            RequestFingerprint now, SaleRecord sale) {
        List<String> differing = stored.differingFields(now);
        return differing.isEmpty() ? Outcome.accepted(sale)
                : Outcome.refused(new Refusal.ConflictingRetry(what, key, differing));
    }

    static RequestFingerprint fields(SaleRecord.Kind kind, PurchaseRequest request) {
        RequestFingerprint.Builder f = RequestFingerprint.builder()
                .add("operation", kind.name().toLowerCase(Locale.ROOT))
                .add("member", MemberFinder.describe(request.member()))
                .add("storeId", request.storeId())
                .add("points", request.points())
                .add("promoCode", request.promoCode())
                .add("lines", request.lines().size());
        for (int i = 0; i < request.lines().size(); i++) {
            Line l = request.lines().get(i);
            String p = "lines[" + i + "].";
            f.add(p + "id", l.id()).add(p + "sku", l.sku()).add(p + "category", l.category())
                    .add(p + "quantity", l.quantity().toPlainString()).add(p + "amount", l.amount())
                    .add(p + "minAmount", l.minAmount()).add(p + "noRedeem", l.noRedeem())
                    .add(p + "noEarn", l.noEarn()).add(p + "noPromo", l.noPromo());
        }
        return f.build();
    }

    private static RequestFingerprint returnFields(ReturnRequest request) {
        RequestFingerprint.Builder f = RequestFingerprint.builder()
                .add("saleTxid", request.saleTxid())
                .add("refundKopecks", request.refundKopecks())
                .add("lines", request.lines().size());
        for (int i = 0; i < request.lines().size(); i++) {
            ReturnLine l = request.lines().get(i);
            f.add("lines[" + i + "].lineId", l.lineId()).add("lines[" + i + "].quantity", l.quantity().toPlainString());
        }
        return f.build();
    }

    private static RequestFingerprint anonymousFields(AnonymousReceipt r) {
        return RequestFingerprint.builder().add("storeId", r.storeId()).add("amount", r.amount()).add("at", r.at())
                .build();
    }
}
