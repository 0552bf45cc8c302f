package dev.kopilka.ledger;

import dev.kopilka.ProgramId;
import dev.kopilka.checkout.ExpiredLotReturnPolicy;
import dev.kopilka.checkout.OverspentReturnPolicy;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.ledger.LedgerEvents.PointsActivated;
import dev.kopilka.ledger.LedgerEvents.PointsEarned;
import dev.kopilka.ledger.LedgerEvents.PointsExpired;
import dev.kopilka.ledger.LedgerEvents.TierChanged;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.ledger.port.MemberLedger;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The points of one member at one instant, inside one store transaction: the aggregate every points
 * operation goes through (the ledger's own calls and the checkout alike).
 *
 * <p>Loading <em>settles</em> the member up to {@code now}: holds past their TTL are released, lots past
 * their expiry (own validity or the inactivity rule) expire, a tier review that fell due is applied, and a
 * debt is repaid from available points — each written as entries dated when it happened. Settling is
 * deterministic, so a read-only caller (balance, statement) sees exactly what a later writer will write:
 * correctness never depends on a nightly job.
 *
 * <p>Callers must hold the member's lock before changing anything, and call {@link #flush()} once at the end.
 */
public final class MemberPoints {

    private final LedgerStore store;
    private final LedgerRules rules;
    private final Supplier<String> ids;
    private final ProgramId program;
    private final MemberId member;
    private final Instant now;

    private Account account;
    private final Map<String, Lot> lots = new LinkedHashMap<>();
    private final Set<String> changedLots = new LinkedHashSet<>();
    private final Set<String> createdLots = new LinkedHashSet<>();
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();
    private final Set<String> createdReservations = new LinkedHashSet<>();
    private final Set<String> deletedReservations = new LinkedHashSet<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<SpendRecord> spend = new ArrayList<>();
    private final List<DomainEvent> events = new ArrayList<>();
    private Long storedSpend;
    private Instant deadlineFrom;
    private Instant sharedDeadline;

    private MemberPoints(LedgerStore store, LedgerRules rules, Supplier<String> ids, ProgramId program,
            MemberId member, Instant now) {
        this.store = store;
        this.rules = rules;
        this.ids = ids;
        this.program = program;
        this.member = member;
        this.now = now;
    }

    /**
     * Loads and settles a member's points.
     *
     * @param joinedAt when the member joined: starts the inactivity clock of a member with no purchase yet
     */
    public static MemberPoints load(LedgerStore store, LedgerRules rules, Supplier<String> ids, ProgramId program,
            MemberId member, Instant joinedAt, Instant now) {
        return load(store, store.memberLedger(member), rules, ids, program, member, joinedAt, now);
    }

    /**
     * Settles a member's points from a ledger already read (e.g. together with the member's lock, see
     * {@code StoreTransaction.startSale}); {@code store} takes the writes.
     */
    public static MemberPoints load(LedgerStore store, MemberLedger loaded, LedgerRules rules, Supplier<String> ids,
            ProgramId program, MemberId member, Instant joinedAt, Instant now) {
        MemberPoints points = new MemberPoints(store, rules, ids, program, member, now);
        points.account = loaded.account()
                .orElseGet(() -> Account.open(member, joinedAt, rules.baseTier().name()));
        for (Lot lot : loaded.lotsWithPoints()) {
            points.lots.put(lot.id(), lot);
        }
        for (Reservation r : loaded.reservations()) {
            points.reservations.put(r.id(), r);
        }
        points.settle();
        return points;
    }

    // ------------------------------------------------------------------------------------------ reading

    public MemberId member() {
        return member;
    }

    public Instant now() {
        return now;
    }

    public Account account() {
        return account;
    }

    /** Points spendable now: active lots minus debt. */
    public long available() {
        return activeTotal() - account.debt();
    }

    public Balance balance() {
        long pending = 0;
        Instant nextPendingAt = null;
        Instant expiringAt = null;
        long expiring = 0;
        for (Lot lot : lots.values()) {
            if (lot.remaining() == 0) {
                continue;
            }
            if (lot.isPendingAt(now)) {
                pending += lot.remaining();
                if (nextPendingAt == null || lot.activatesAt().isBefore(nextPendingAt)) {
                    nextPendingAt = lot.activatesAt();
                }
            } else if (isActive(lot)) {
                Instant exp = effectiveExpiry(lot);
                if (exp != null) {
                    if (expiringAt == null || exp.isBefore(expiringAt)) {
                        expiringAt = exp;
                        expiring = lot.remaining();
                    } else if (exp.equals(expiringAt)) {
                        expiring += lot.remaining();
                    }
                }
            }
        }
        long reserved = reservations.values().stream().mapToLong(Reservation::points).sum();
        return new Balance(now, available(), pending, nextPendingAt, reserved, account.debt(), expiring, expiringAt,
                tier().name());
    }

    /** The tier the member's next purchase earns at. */
    public Tier tier() {
        if (reviewDue()) {
            return rules.qualifiedFor(qualifyingSpend());
        }
        return rules.tier(account.tier());
    }

    /** Lots still holding points, including pending ones, soonest expiry first. */
    public List<Lot> lots() {
        return lots.values().stream().filter(l -> l.remaining() > 0).sorted(spendOrder()).toList();
    }

    /** The member's whole history: stored entries, then what this session wrote (settlement included). */
    public List<LedgerEntry> statement() {
        List<LedgerEntry> all = new ArrayList<>(store.entries(member));
        all.addAll(entries);
        return all;
    }

    /** When a lot stops being spendable: its own expiry or the inactivity rule, whichever is sooner. */
    public Instant effectiveExpiry(Lot lot) {
        Instant expiry = lot.expiresAt();
        Optional<TemporalAmount> inactivity = rules.inactivityExpiry();
        if (inactivity.isPresent()) {
            Instant lastActivity = account.lastActivity();
            // Every lot created before the last activity shares one deadline: compute it once per activity.
            Instant deadline;
            if (!lot.createdAt().isAfter(lastActivity)) {
                if (!lastActivity.equals(deadlineFrom)) {
                    deadlineFrom = lastActivity;
                    sharedDeadline = rules.plus(lastActivity, inactivity.get());
                }
                deadline = sharedDeadline;
            } else {
                deadline = rules.plus(lot.createdAt(), inactivity.get());
            }
            if (expiry == null || deadline.isBefore(expiry)) {
                expiry = deadline;
            }
        }
        return expiry;
    }

    public Optional<Reservation> reservation(String id) {
        return Optional.ofNullable(reservations.get(id));
    }

    /** Entries written by this session (settlement included), in order. */
    public List<LedgerEntry> newEntries() {
        return Collections.unmodifiableList(entries);
    }

    /** Adds an event raised by the caller's operation, published with the session's own. */
    public void raiseExtra(DomainEvent event) {
        events.add(event);
    }

    /** Events raised by this session; publish them after the commit. */
    public List<DomainEvent> events() {
        return Collections.unmodifiableList(events);
    }

    // ------------------------------------------------------------------------------------------ writing

    /** Creates a lot (earned or granted) and its entry. */
    public Lot addLot(LotSource source, long points, Instant activatesAt, Instant expiresAt, String reference,
            String note) {
        if (points <= 0) {
            throw new IllegalArgumentException("a lot needs positive points, was " + points);
        }
        Lot lot = new Lot(ids.get(), member, source, points, points, now, activatesAt, expiresAt, reference);
        lots.put(lot.id(), lot);
        createdLots.add(lot.id());
        EntryType type = source == LotSource.PURCHASE ? EntryType.EARN : EntryType.GRANT;
        entries.add(entry(type, points, now, reference, lot.id(), List.of(), 0, null, note));
        events.add(new PointsEarned(program, now, member, lot.id(), points, source, activatesAt, expiresAt, reference));
        return lot;
    }

    /** Spends points now (REDEEM) or deducts them (DEDUCT). The caller checked {@link #available()}. */
    public LedgerEntry spend(EntryType type, long points, String reference, String note) {
        List<LotConsumption> taken = take(points);
        LedgerEntry entry = entry(type, -points, now, reference, null, taken, 0, null, note);
        entries.add(entry);
        return entry;
    }

    /** Takes points from their lots and holds them for a till ticket until {@code expiresAt}. */
    public Reservation reserve(long points, String reference, Instant expiresAt) {
        List<LotConsumption> taken = take(points);
        LedgerEntry hold = entry(EntryType.HOLD, -points, now, reference, null, taken, 0, null, null);
        entries.add(hold);
        Reservation r = new Reservation(ids.get(), member, points, taken, now, expiresAt, hold.id());
        reservations.put(r.id(), r);
        createdReservations.add(r.id());
        return r;
    }

    /** The held points become redeemed. */
    public LedgerEntry confirm(Reservation reservation, String reference) {
        removeReservation(reservation);
        LedgerEntry entry = entry(EntryType.CONFIRM, 0, now, reference, null, List.of(), 0, reservation.holdEntryId(),
                reservation.points() + " points redeemed");
        entries.add(entry);
        return entry;
    }

    /** The held points go back to their lots; any that expired meanwhile expire at once. */
    public LedgerEntry release(Reservation reservation, String reference) {
        return releaseAt(reservation, reference, now);
    }

    /**
     * Gives back {@code points} of a redemption, walking its consumptions from the last consumed lot
     * backwards and skipping the {@code alreadyRestored} points earlier returns gave back. Points whose lot
     * has expired meanwhile follow {@code policy}.
     */
    public List<LedgerEntry> restore(List<LotConsumption> consumed, long alreadyRestored, long points, String reference,
            ExpiredLotReturnPolicy policy, TemporalAmount regrantValidity) {
        List<LedgerEntry> written = new ArrayList<>();
        if (points <= 0) {
            return written;
        }
        List<LotConsumption> back = new ArrayList<>();
        long skip = alreadyRestored;
        long left = points;
        long regrant = 0;
        List<String> expiredLots = new ArrayList<>();
        long expiredPoints = 0;
        for (int i = consumed.size() - 1; i >= 0 && left > 0; i--) {
            LotConsumption c = consumed.get(i);
            long amount = c.points();
            long skipped = Math.min(skip, amount);
            skip -= skipped;
            amount -= skipped;
            long give = Math.min(amount, left);
            if (give <= 0) {
                continue;
            }
            left -= give;
            Lot lot = loadLot(c.lotId());
            if (!isExpired(lot, now)) {
                put(lot, give);
                back.add(new LotConsumption(lot.id(), -give));
            } else if (policy == ExpiredLotReturnPolicy.REGRANT) {
                regrant += give;
            } else {
                back.add(new LotConsumption(lot.id(), -give));
                expiredLots.add(lot.id());
                expiredPoints += give;
            }
        }
        if (left > 0) {
            throw new IllegalStateException("cannot restore " + points + " points: the redemption consumed only "
                    + consumed.stream().mapToLong(LotConsumption::points).sum() + " with " + alreadyRestored
                    + " already restored");
        }
        if (!back.isEmpty()) {
            long restored = -back.stream().mapToLong(LotConsumption::points).sum();
            LedgerEntry restore = entry(EntryType.RESTORE, restored, now, reference, null, back, 0, null, null);
            entries.add(restore);
            written.add(restore);
            if (expiredPoints > 0) {
                // Policy EXPIRE: the points are back in a lot that is already past its expiry.
                List<LotConsumption> gone = back.stream().filter(c -> expiredLots.contains(c.lotId()))
                        .map(LotConsumption::negate).toList();
                LedgerEntry expire = entry(EntryType.EXPIRE, -expiredPoints, now, reference, null, gone, 0,
                        restore.id(), "restored into an expired lot");
                entries.add(expire);
                written.add(expire);
                events.add(new PointsExpired(program, now, member, expiredPoints, expiredLots));
            }
        }
        if (regrant > 0) {
            Lot lot = new Lot(ids.get(), member, LotSource.REGRANT, regrant, regrant, now, now,
                    rules.plus(now, regrantValidity), reference);
            lots.put(lot.id(), lot);
            createdLots.add(lot.id());
            LedgerEntry entry = entry(EntryType.RESTORE, regrant, now, reference, lot.id(), List.of(), 0, null,
                    "original lot expired: regranted");
            entries.add(entry);
            written.add(entry);
            events.add(new PointsEarned(program, now, member, lot.id(), regrant, LotSource.REGRANT, now,
                    lot.expiresAt(), reference));
        }
        return written;
    }

    /** What a clawback took: from lots, as debt, and what it could not take (policy CAP_AT_AVAILABLE). */
    public record Clawback(long fromLots, long asDebt, long shortfall, LedgerEntry entry) {
    }

    /**
     * Takes back earned points: first from the lot the purchase created (pending or not), then from other
     * available points, then, per policy, as debt or as a recorded shortfall.
     */
    public Clawback clawback(long points, String earnedLotId, String reference, OverspentReturnPolicy policy) {
        if (points <= 0) {
            return new Clawback(0, 0, 0, null);
        }
        List<LotConsumption> taken = new ArrayList<>();
        long left = points;
        if (earnedLotId != null) {
            Lot earned = loadLot(earnedLotId);
            long fromEarned = isExpired(earned, now) ? 0 : Math.min(left, earned.remaining());
            if (fromEarned > 0) {
                put(earned, -fromEarned);
                taken.add(new LotConsumption(earned.id(), fromEarned));
                left -= fromEarned;
            }
        }
        long fromOthers = Math.min(left, Math.max(0, available()));
        if (fromOthers > 0) {
            taken.addAll(take(fromOthers));
            left -= fromOthers;
        }
        long debt = policy == OverspentReturnPolicy.NEGATIVE_BALANCE ? left : 0;
        long shortfall = left - debt;
        if (debt > 0) {
            account = account.withDebt(account.debt() + debt);
        }
        long fromLots = points - left;
        LedgerEntry entry = entry(EntryType.CLAWBACK, -(fromLots + debt), now, reference, null, taken, debt, null,
                shortfall > 0 ? "shortfall " + shortfall + " points not taken back" : null);
        entries.add(entry);
        return new Clawback(fromLots, debt, shortfall, entry);
    }

    /** A purchase: resets the inactivity rule, counts towards tiers, upgrades at once. */
    public void recordPurchase(long paidKopecks, String reference) {
        Tier before = tier();
        account = account.withLastPurchaseAt(now);
        addSpend(paidKopecks, reference);
        if (rules.tiers().size() == 1) {
            return; // a single tier: nothing to upgrade to, no need to sum the spend
        }
        Tier qualified = rules.qualifiedFor(qualifyingSpend());
        if (rules.rank(qualified) > rules.rank(before)) {
            changeTier(before, qualified);
        }
    }

    /** Money given back by a return: lowers tier spend (a downgrade waits for the review). */
    public void recordRefund(long refundedKopecks, String reference) {
        if (refundedKopecks > 0) {
            addSpend(-refundedKopecks, reference);
        }
    }

    /** Writes everything this session changed. Call once, at the end of the transaction's work. */
    public void flush() {
        List<Lot> inserts = new ArrayList<>();
        for (String id : createdLots) {
            inserts.add(lots.get(id));
        }
        if (!inserts.isEmpty()) {
            store.insertLots(inserts);
        }
        List<Lot> updates = new ArrayList<>();
        for (String id : changedLots) {
            if (!createdLots.contains(id)) {
                updates.add(lots.get(id));
            }
        }
        if (!updates.isEmpty()) {
            store.updateLots(updates);
        }
        if (!entries.isEmpty()) {
            store.appendEntries(entries);
        }
        for (String id : createdReservations) {
            if (!deletedReservations.contains(id)) {
                store.insertReservation(reservations.get(id));
            }
        }
        for (String id : deletedReservations) {
            if (!createdReservations.contains(id)) {
                store.deleteReservation(id);
            }
        }
        for (SpendRecord s : spend) {
            store.appendSpend(s);
        }
        store.saveAccount(account);
        createdLots.clear();
        changedLots.clear();
        entries.clear();
        createdReservations.clear();
        deletedReservations.clear();
        spend.clear();
    }

    // ------------------------------------------------------------------------------------------ settling

    private void settle() {
        Instant cursor = account.settledAt();
        while (true) {
            Reservation dueHold = null;
            for (Reservation r : reservations.values()) {
                if (!r.expiresAt().isAfter(now) && (dueHold == null || r.expiresAt().isBefore(dueHold.expiresAt()))) {
                    dueHold = r;
                }
            }
            Lot dueLot = null;
            Instant dueLotAt = null;
            for (Lot lot : lots.values()) {
                Instant exp = lot.remaining() > 0 ? effectiveExpiry(lot) : null;
                if (exp != null && !exp.isAfter(now) && (dueLotAt == null || exp.isBefore(dueLotAt))) {
                    dueLot = lot;
                    dueLotAt = exp;
                }
            }
            if (dueHold == null && dueLot == null) {
                break;
            }
            if (dueHold != null && (dueLot == null || !dueHold.expiresAt().isAfter(dueLotAt))) {
                cursor = max(cursor, dueHold.expiresAt());
                releaseAt(dueHold, dueHold.id(), cursor);
            } else {
                cursor = max(cursor, dueLotAt);
                expire(dueLot, cursor);
            }
        }
        for (Lot lot : lots.values()) {
            if (lot.activatesAt().isAfter(account.settledAt()) && !lot.activatesAt().isAfter(now)
                    && lot.remaining() > 0) {
                events.add(new PointsActivated(program, lot.activatesAt(), member, lot.id(), lot.remaining()));
            }
        }
        if (reviewDue()) {
            Tier stored = rules.tier(account.tier());
            Tier qualified = rules.qualifiedFor(qualifyingSpend());
            Instant nextReview = rules.rank(qualified) > 0 ? rules.plus(now, rules.tierReviewPeriod()) : null;
            account = account.withTier(qualified.name(), nextReview);
            if (!stored.equals(qualified)) {
                events.add(new TierChanged(program, now, member, stored.name(), qualified.name()));
            }
        }
        repayDebt();
        if (now.isAfter(account.settledAt())) {
            account = account.withSettledAt(now);
        }
    }

    private void expire(Lot lot, Instant at) {
        long points = lot.remaining();
        put(lot, -points);
        entries.add(entry(EntryType.EXPIRE, -points, at, lot.reference(), null,
                List.of(new LotConsumption(lot.id(), points)), 0, null, null));
        events.add(new PointsExpired(program, at, member, points, List.of(lot.id())));
    }

    private LedgerEntry releaseAt(Reservation reservation, String reference, Instant at) {
        removeReservation(reservation);
        List<LotConsumption> back = new ArrayList<>();
        for (LotConsumption c : reservation.consumptions()) {
            Lot lot = loadLot(c.lotId());
            put(lot, c.points());
            back.add(c.negate());
        }
        LedgerEntry entry = entry(EntryType.RELEASE, reservation.points(), at, reference, null, back, 0,
                reservation.holdEntryId(), null);
        entries.add(entry);
        // Points that went back into an already expired lot expire now; settle() or the next loop does it.
        for (LotConsumption c : reservation.consumptions()) {
            Lot lot = lots.get(c.lotId());
            Instant exp = effectiveExpiry(lot);
            if (exp != null && !exp.isAfter(at) && lot.remaining() > 0) {
                expire(lot, at);
            }
        }
        return entry;
    }

    private void repayDebt() {
        long debt = account.debt();
        if (debt <= 0) {
            return;
        }
        long repay = Math.min(debt, activeTotal());
        if (repay <= 0) {
            return;
        }
        List<LotConsumption> taken = take(repay);
        account = account.withDebt(debt - repay);
        entries.add(entry(EntryType.DEBT_REPAID, 0, now, null, null, taken, -repay, null, null));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private boolean reviewDue() {
        return account.tierReviewAt() != null && !now.isBefore(account.tierReviewAt());
    }

    private void changeTier(Tier from, Tier to) {
        account = account.withTier(to.name(), rules.plus(now, rules.tierReviewPeriod()));
        events.add(new TierChanged(program, now, member, from.name(), to.name()));
    }

    private void addSpend(long kopecks, String reference) {
        spend.add(new SpendRecord(member, now, kopecks, reference));
    }

    private long qualifyingSpend() {
        if (storedSpend == null) {
            Instant from = rules.tierSpendWindow().map(w -> rules.minus(now, w)).orElse(Instant.EPOCH);
            storedSpend = store.spendSince(member, from);
        }
        return storedSpend + spend.stream().mapToLong(SpendRecord::kopecks).sum();
    }

    private long activeTotal() {
        long total = 0;
        for (Lot lot : lots.values()) {
            if (lot.remaining() > 0 && isActive(lot)) {
                total += lot.remaining();
            }
        }
        return total;
    }

    private boolean isActive(Lot lot) {
        return !lot.isPendingAt(now) && !isExpired(lot, now);
    }

    private boolean isExpired(Lot lot, Instant at) {
        Instant exp = effectiveExpiry(lot);
        return exp != null && !exp.isAfter(at);
    }

    /** Soonest expiry first (never-expiring last), then oldest activation, creation, id: deterministic. */
    private Comparator<Lot> spendOrder() {
        return Comparator.<Lot, Instant>comparing(this::effectiveExpiry, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Lot::activatesAt)
                .thenComparing(Lot::createdAt)
                .thenComparing(Lot::id);
    }

    private List<LotConsumption> take(long points) {
        List<Lot> candidates = lots.values().stream().filter(l -> l.remaining() > 0 && isActive(l))
                .sorted(spendOrder()).toList();
        List<LotConsumption> taken = new ArrayList<>();
        long left = points;
        for (Lot lot : candidates) {
            if (left == 0) {
                break;
            }
            long part = Math.min(left, lot.remaining());
            put(lot, -part);
            taken.add(new LotConsumption(lot.id(), part));
            left -= part;
        }
        if (left > 0) {
            throw new IllegalStateException("member " + member + " has " + (points - left) + " active points, "
                    + points + " needed");
        }
        return taken;
    }

    private void put(Lot lot, long delta) {
        Lot updated = lot.withRemaining(lot.remaining() + delta);
        lots.put(updated.id(), updated);
        changedLots.add(updated.id());
    }

    private Lot loadLot(String lotId) {
        Lot lot = lots.get(lotId);
        if (lot == null) {
            lot = store.lot(lotId).orElseThrow(() -> new IllegalStateException("lot " + lotId + " not found"));
            lots.put(lotId, lot);
        }
        return lot;
    }

    private void removeReservation(Reservation reservation) {
        reservations.remove(reservation.id());
        deletedReservations.add(reservation.id());
    }

    private LedgerEntry entry(EntryType type, long points, Instant at, String reference, String lotId,
            List<LotConsumption> consumptions, long debtChange, String related, String note) {
        return new LedgerEntry(ids.get(), member, type, points, at, reference, lotId, consumptions, debtChange,
                related, note);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
