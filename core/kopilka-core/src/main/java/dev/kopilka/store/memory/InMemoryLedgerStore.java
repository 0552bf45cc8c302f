package dev.kopilka.store.memory;

import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.SpendRecord;
import dev.kopilka.ledger.port.AdjustmentRecord;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link LedgerStore}: the points ledger of one program. */
public final class InMemoryLedgerStore extends InMemoryTable implements LedgerStore {

    private final Map<MemberId, Account> accounts = new HashMap<>();
    private final Map<String, Lot> lots = new HashMap<>();
    private final Map<MemberId, Map<String, Lot>> lotsWithPoints = new HashMap<>();
    private final Map<MemberId, List<LedgerEntry>> entries = new HashMap<>();
    private final Map<String, Reservation> reservations = new HashMap<>();
    private final Map<MemberId, Map<String, Reservation>> reservationsByMember = new HashMap<>();
    private final Map<MemberId, List<SpendRecord>> spend = new HashMap<>();
    private final Map<String, AdjustmentRecord> adjustments = new HashMap<>();

    public InMemoryLedgerStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<Account> account(MemberId member) {
        return Optional.ofNullable(accounts.get(member));
    }

    @Override
    public void saveAccount(Account account) {
        requireWritable();
        Account previous = accounts.put(account.member(), account);
        undoable(() -> {
            if (previous == null) {
                accounts.remove(account.member());
            } else {
                accounts.put(account.member(), previous);
            }
        });
    }

    @Override
    public List<Lot> lotsWithPoints(MemberId member) {
        return List.copyOf(lotsWithPoints.getOrDefault(member, Map.of()).values());
    }

    @Override
    public Optional<Lot> lot(String lotId) {
        return Optional.ofNullable(lots.get(lotId));
    }

    @Override
    public void insertLots(Collection<Lot> newLots) {
        requireWritable();
        for (Lot lot : newLots) {
            if (lots.containsKey(lot.id())) {
                throw new IllegalStateException("duplicate lot id " + lot.id());
            }
        }
        for (Lot lot : newLots) {
            lots.put(lot.id(), lot);
            index(lot);
            undoable(() -> {
                lots.remove(lot.id());
                unindex(lot);
            });
        }
    }

    @Override
    public void updateLots(Collection<Lot> changed) {
        requireWritable();
        for (Lot lot : changed) {
            if (!lots.containsKey(lot.id())) {
                throw new IllegalStateException("no lot " + lot.id() + " to update");
            }
        }
        for (Lot lot : changed) {
            Lot previous = lots.put(lot.id(), lot);
            unindex(previous);
            index(lot);
            undoable(() -> {
                lots.put(previous.id(), previous);
                unindex(lot);
                index(previous);
            });
        }
    }

    @Override
    public void appendEntries(Collection<LedgerEntry> newEntries) {
        requireWritable();
        for (LedgerEntry entry : newEntries) {
            List<LedgerEntry> list = entries.computeIfAbsent(entry.member(), m -> new ArrayList<>());
            list.add(entry);
            undoable(() -> list.remove(list.size() - 1));
        }
    }

    @Override
    public List<LedgerEntry> entries(MemberId member) {
        return List.copyOf(entries.getOrDefault(member, List.of()));
    }

    @Override
    public List<Reservation> reservations(MemberId member) {
        return List.copyOf(reservationsByMember.getOrDefault(member, Map.of()).values());
    }

    @Override
    public Optional<Reservation> reservation(String id) {
        return Optional.ofNullable(reservations.get(id));
    }

    @Override
    public void insertReservation(Reservation reservation) {
        requireWritable();
        if (reservations.putIfAbsent(reservation.id(), reservation) != null) {
            throw new IllegalStateException("duplicate reservation " + reservation.id());
        }
        Map<String, Reservation> own = reservationsByMember.computeIfAbsent(reservation.member(), m -> new LinkedHashMap<>());
        own.put(reservation.id(), reservation);
        undoable(() -> {
            reservations.remove(reservation.id());
            own.remove(reservation.id());
        });
    }

    @Override
    public void deleteReservation(String id) {
        requireWritable();
        Reservation removed = reservations.remove(id);
        if (removed != null) {
            Map<String, Reservation> own = reservationsByMember.get(removed.member());
            own.remove(id);
            undoable(() -> {
                reservations.put(id, removed);
                own.put(id, removed);
            });
        }
    }

    @Override
    public void appendSpend(SpendRecord record) {
        requireWritable();
        List<SpendRecord> list = spend.computeIfAbsent(record.member(), m -> new ArrayList<>());
        list.add(record);
        undoable(() -> list.remove(list.size() - 1));
    }

    @Override
    public long spendSince(MemberId member, Instant fromInclusive) {
        long sum = 0;
        for (SpendRecord s : spend.getOrDefault(member, List.of())) {
            if (!s.at().isBefore(fromInclusive)) {
                sum += s.kopecks();
            }
        }
        return sum;
    }

    @Override
    public Optional<AdjustmentRecord> adjustment(String key) {
        return Optional.ofNullable(adjustments.get(key));
    }

    @Override
    public void insertAdjustment(AdjustmentRecord record) {
        requireWritable();
        if (adjustments.putIfAbsent(record.key(), record) != null) {
            throw new IllegalStateException("duplicate adjustment key " + record.key());
        }
        undoable(() -> adjustments.remove(record.key()));
    }

    private void index(Lot lot) {
        if (lot.remaining() > 0) {
            lotsWithPoints.computeIfAbsent(lot.member(), m -> new LinkedHashMap<>()).put(lot.id(), lot);
        }
    }

    private void unindex(Lot lot) {
        Map<String, Lot> byId = lotsWithPoints.get(lot.member());
        if (byId != null) {
            byId.remove(lot.id());
        }
    }

    // ---------------------------------------------------------------- for InMemoryAnalyticsStore

    java.util.Collection<Lot> allLots() {
        return lots.values();
    }

    java.util.Collection<List<LedgerEntry>> allEntries() {
        return entries.values();
    }

    java.util.Collection<Reservation> allReservations() {
        return reservations.values();
    }

    java.util.Collection<List<SpendRecord>> allSpend() {
        return spend.values();
    }
}
