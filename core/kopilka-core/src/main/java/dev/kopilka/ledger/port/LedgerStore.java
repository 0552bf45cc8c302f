package dev.kopilka.ledger.port;

import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.SpendRecord;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secondary port: the points ledger of one program, bound to one store transaction. The core calls the
 * writing methods only while holding the member's lock ({@code MemberStore.lock}).
 */
public interface LedgerStore {

    Optional<Account> account(MemberId member);

    /**
     * {@link #account} for many members at once (a sweep's page); members without an account are absent. The
     * default loops over {@link #account}.
     */
    default Map<MemberId, Account> accounts(Collection<MemberId> members) {
        Map<MemberId, Account> found = new LinkedHashMap<>();
        for (MemberId m : new LinkedHashSet<>(members)) {
            account(m).ifPresent(a -> found.put(m, a));
        }
        return found;
    }

    /**
     * The member's account, lots with points and open reservations together. Stores that can read them in one
     * round trip override this; the result must equal the three separate reads.
     */
    default MemberLedger memberLedger(MemberId member) {
        return new MemberLedger(account(member), lotsWithPoints(member), reservations(member));
    }

    /**
     * {@link #memberLedger} for many members at once: every member asked is in the map (an empty ledger when they
     * have nothing). The default loops over {@link #memberLedger}.
     */
    default Map<MemberId, MemberLedger> memberLedgers(Collection<MemberId> members) {
        Map<MemberId, MemberLedger> found = new LinkedHashMap<>();
        for (MemberId m : new LinkedHashSet<>(members)) {
            found.put(m, memberLedger(m));
        }
        return found;
    }

    /** Inserts or replaces the member's account row. */
    void saveAccount(Account account);

    /**
     * {@link #saveAccount} for many accounts, in their order (a later one of the same member wins). The default
     * loops over {@link #saveAccount}.
     */
    default void saveAccounts(Collection<Account> accounts) {
        for (Account a : accounts) {
            saveAccount(a);
        }
    }

    /** Lots of the member that still hold points ({@code remaining > 0}), in any order. */
    List<Lot> lotsWithPoints(MemberId member);

    Optional<Lot> lot(String lotId);

    void insertLots(Collection<Lot> lots);

    /** Replaces the {@code remaining} of existing lots (matched by id). */
    void updateLots(Collection<Lot> lots);

    /** Appends entries; entries are never updated or deleted. */
    void appendEntries(Collection<LedgerEntry> entries);

    /** All entries of the member, oldest first (ties in insertion order). */
    List<LedgerEntry> entries(MemberId member);

    List<Reservation> reservations(MemberId member);

    Optional<Reservation> reservation(String id);

    void insertReservation(Reservation reservation);

    void deleteReservation(String id);

    void appendSpend(SpendRecord spend);

    /** Sum of spend records of the member at or after {@code fromInclusive}. */
    long spendSince(MemberId member, Instant fromInclusive);

    /** Stored result of an idempotent adjustment or grant by its key, if any. */
    Optional<AdjustmentRecord> adjustment(String key);

    void insertAdjustment(AdjustmentRecord record);

    /**
     * {@link #adjustment} for many keys at once; keys without a record are absent. The default loops over
     * {@link #adjustment}.
     */
    default Map<String, AdjustmentRecord> adjustments(Collection<String> keys) {
        Map<String, AdjustmentRecord> found = new LinkedHashMap<>();
        for (String k : new LinkedHashSet<>(keys)) {
            adjustment(k).ifPresent(r -> found.put(k, r));
        }
        return found;
    }

    /**
     * {@link #insertAdjustment} for many records; like it, a key already stored (or twice in the batch) fails the
     * transaction. The default loops over {@link #insertAdjustment}.
     */
    default void insertAdjustments(Collection<AdjustmentRecord> records) {
        for (AdjustmentRecord r : records) {
            insertAdjustment(r);
        }
    }
}
