package dev.kopilka.ledger.internal;

import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.SpendRecord;
import dev.kopilka.ledger.port.AdjustmentRecord;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.ledger.port.MemberLedger;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@link LedgerStore} that reads through to the store but holds the writes of many members' {@code MemberPoints}
 * until {@link #flush()}, which sends each kind of write once for all of them (lots, lot updates, entries, accounts,
 * adjustment records). For {@link DefaultLedger#grantAll}: each member is changed once, so no read of a member ever
 * needs a write still held here.
 */
final class LedgerWrites implements LedgerStore {

    private final LedgerStore store;
    private final List<Lot> lots = new ArrayList<>();
    private final List<Lot> lotUpdates = new ArrayList<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<Reservation> reservations = new ArrayList<>();
    private final List<String> deletedReservations = new ArrayList<>();
    private final List<SpendRecord> spend = new ArrayList<>();
    private final List<Account> accounts = new ArrayList<>();
    private final List<AdjustmentRecord> adjustments = new ArrayList<>();

    LedgerWrites(LedgerStore store) {
        this.store = store;
    }

    /** Sends everything held, kind by kind in the order one member's flush writes them. */
    void flush() {
        if (!lots.isEmpty()) {
            store.insertLots(List.copyOf(lots));
        }
        if (!lotUpdates.isEmpty()) {
            store.updateLots(List.copyOf(lotUpdates));
        }
        if (!entries.isEmpty()) {
            store.appendEntries(List.copyOf(entries));
        }
        reservations.forEach(store::insertReservation);
        deletedReservations.forEach(store::deleteReservation);
        spend.forEach(store::appendSpend);
        if (!accounts.isEmpty()) {
            store.saveAccounts(List.copyOf(accounts));
        }
        if (!adjustments.isEmpty()) {
            store.insertAdjustments(List.copyOf(adjustments));
        }
        lots.clear();
        lotUpdates.clear();
        entries.clear();
        reservations.clear();
        deletedReservations.clear();
        spend.clear();
        accounts.clear();
        adjustments.clear();
    }

    // ---------------------------------------------------------------- reads go to the store

    @Override
    public Optional<Account> account(MemberId member) {
        return store.account(member);
    }

    @Override
    public MemberLedger memberLedger(MemberId member) {
        return store.memberLedger(member);
    }

    @Override
    public List<Lot> lotsWithPoints(MemberId member) {
        return store.lotsWithPoints(member);
    }

    @Override
    public Optional<Lot> lot(String lotId) {
        return store.lot(lotId);
    }

    @Override
    public List<LedgerEntry> entries(MemberId member) {
        return store.entries(member);
    }

    @Override
    public List<Reservation> reservations(MemberId member) {
        return store.reservations(member);
    }

    @Override
    public Optional<Reservation> reservation(String id) {
        return store.reservation(id);
    }

    @Override
    public long spendSince(MemberId member, Instant fromInclusive) {
        return store.spendSince(member, fromInclusive);
    }

    @Override
    public Optional<AdjustmentRecord> adjustment(String key) {
        return store.adjustment(key);
    }

    // ---------------------------------------------------------------- writes are held

    @Override
    public void saveAccount(Account account) {
        accounts.add(account);
    }

    @Override
    public void insertLots(Collection<Lot> created) {
        lots.addAll(created);
    }

    @Override
    public void updateLots(Collection<Lot> changed) {
        lotUpdates.addAll(changed);
    }

    @Override
    public void appendEntries(Collection<LedgerEntry> appended) {
        entries.addAll(appended);
    }

    @Override
    public void insertReservation(Reservation reservation) {
        reservations.add(reservation);
    }

    @Override
    public void deleteReservation(String id) {
        deletedReservations.add(id);
    }

    @Override
    public void appendSpend(SpendRecord record) {
        spend.add(record);
    }

    @Override
    public void insertAdjustment(AdjustmentRecord record) {
        adjustments.add(record);
    }
}
