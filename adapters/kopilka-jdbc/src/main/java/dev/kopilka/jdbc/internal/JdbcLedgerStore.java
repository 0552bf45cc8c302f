package dev.kopilka.jdbc.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kopilka.ProgramId;
import dev.kopilka.RequestFingerprint;
import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotConsumption;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.SpendRecord;
import dev.kopilka.ledger.port.AdjustmentRecord;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.ledger.port.MemberLedger;
import dev.kopilka.member.MemberId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link LedgerStore} on SQL tables: entries append-only, lots and accounts updated under the member lock. */
public final class JdbcLedgerStore extends JdbcTable implements LedgerStore {

    private static final TypeReference<List<LotConsumption>> CONSUMPTIONS = new TypeReference<>() { };
    private static final String LOT_COLUMNS = "id, member_id, source, points, remaining, created_at, activates_at, "
            + "expires_at, reference";


    public JdbcLedgerStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    /** Account, lots with points and reservations in one round trip ({@link MemberState}). */
    @Override
    public MemberLedger memberLedger(MemberId member) {
        return read("read member's ledger", MemberState.sql(false),
                ps -> MemberState.bind(ps, 1, program, null, member.value()),
                rs -> MemberState.read(rs, member, json, null)).ledger();
    }

    @Override
    public Optional<Account> account(MemberId member) {
        return queryOne("read account", "SELECT * FROM #accounts WHERE program = ? AND member_id = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, member.value());
        }, JdbcLedgerStore::account);
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(MemberId.of(rs.getString("member_id")), Sql.getInstant(rs, "activity_since"),
                Sql.getInstant(rs, "last_purchase_at"), rs.getLong("debt"), rs.getString("tier"),
                Sql.getInstant(rs, "tier_review_at"), Sql.getInstant(rs, "settled_at"));
    }

    /** One query per chunk of members: {@code SELECT ... WHERE program = ? AND member_id IN (...)}. */
    private <T> List<T> ofMembers(String operation, String table, Collection<MemberId> members, Mapper<T> mapper) {
        return ofMembers(operation, table, "", members, mapper);
    }

    /** Rows of the members from {@code table}, one query ({@link #queryByKeys}). */
    private <T> List<T> ofMembers(String operation, String table, String and, Collection<MemberId> members,
            Mapper<T> mapper) {
        return queryByKeys(operation, new KeyedRead("SELECT t.*", "*", table, "t.program = ?" + and, "member_id", null,
                "", false), members.stream().map(MemberId::value).distinct().toList(), null, (ps, i) -> {
                    ps.setString(i, program);
                    return i + 1;
                }, mapper);
    }

    @Override
    public Map<MemberId, Account> accounts(Collection<MemberId> members) {
        Map<MemberId, Account> found = new LinkedHashMap<>();
        for (Account a : ofMembers("read accounts", "#accounts", members, JdbcLedgerStore::account)) {
            found.put(a.member(), a);
        }
        return found;
    }

    /** Accounts, lots with points and reservations of many members: one query of each per chunk of members. */
    @Override
    public Map<MemberId, MemberLedger> memberLedgers(Collection<MemberId> members) {
        Set<MemberId> asked = new LinkedHashSet<>(members);
        if (asked.size() == 1) {
            MemberId only = asked.iterator().next();
            return Map.of(only, memberLedger(only));
        }
        Map<MemberId, Account> accounts = accounts(asked);
        Map<MemberId, List<Lot>> lots = new HashMap<>();
        for (Lot l : ofMembers("read lots", "#lots", " AND t.remaining > 0", asked,
                JdbcLedgerStore::lot)) {
            lots.computeIfAbsent(l.member(), k -> new ArrayList<>()).add(l);
        }
        Map<MemberId, List<Reservation>> reservations = new HashMap<>();
        for (Reservation r : ofMembers("read reservations", "#reservations", asked, this::reservation)) {
            reservations.computeIfAbsent(r.member(), k -> new ArrayList<>()).add(r);
        }
        Map<MemberId, MemberLedger> ledgers = new LinkedHashMap<>();
        for (MemberId m : asked) {
            ledgers.put(m, new MemberLedger(Optional.ofNullable(accounts.get(m)), lots.getOrDefault(m, List.of()),
                    reservations.getOrDefault(m, List.of())));
        }
        return ledgers;
    }

    @Override
    public void saveAccount(Account a) {
        blindUpdate("save account", saveAccountSql(), ps -> {
            bindAccount(ps, a, 1);
            ps.setString(7, program);
            ps.setString(8, a.member().value());
        });
    }

    /** One statement per account, all in one batch (on PostgreSQL: with the other held writes). */
    @Override
    public void saveAccounts(Collection<Account> accounts) {
        blindBatch("save accounts", saveAccountSql(), accounts, (ps, a) -> {
            bindAccount(ps, a, 1);
            ps.setString(7, program);
            ps.setString(8, a.member().value());
        }, false);
    }

    private String saveAccountSql() {
        // One statement whether the account is new or not: the member's first purchase is common.
        return switch (dialect) {
            case POSTGRESQL -> "INSERT INTO #accounts (activity_since, last_purchase_at, debt, tier, tier_review_at, "
                    + "settled_at, program, member_id) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (program, member_id) DO UPDATE "
                    + "SET activity_since = EXCLUDED.activity_since, last_purchase_at = EXCLUDED.last_purchase_at, "
                    + "debt = EXCLUDED.debt, tier = EXCLUDED.tier, tier_review_at = EXCLUDED.tier_review_at, "
                    + "settled_at = EXCLUDED.settled_at";
            case MARIADB -> "INSERT INTO #accounts (activity_since, last_purchase_at, debt, tier, tier_review_at, "
                    + "settled_at, program, member_id) VALUES (?,?,?,?,?,?,?,?) ON DUPLICATE KEY UPDATE "
                    + "activity_since = VALUES(activity_since), last_purchase_at = VALUES(last_purchase_at), "
                    + "debt = VALUES(debt), tier = VALUES(tier), tier_review_at = VALUES(tier_review_at), "
                    + "settled_at = VALUES(settled_at)";
            case H2 -> "MERGE INTO #accounts (activity_since, last_purchase_at, debt, tier, tier_review_at, settled_at, "
                    + "program, member_id) KEY (program, member_id) VALUES (?,?,?,?,?,?,?,?)";
        };
    }

    private static void bindAccount(java.sql.PreparedStatement ps, Account a, int i) throws SQLException {
        Sql.setInstant(ps, i, a.activitySince());
        Sql.setInstant(ps, i + 1, a.lastPurchaseAt());
        ps.setLong(i + 2, a.debt());
        ps.setString(i + 3, a.tier());
        Sql.setInstant(ps, i + 4, a.tierReviewAt());
        Sql.setInstant(ps, i + 5, a.settledAt());
    }

    @Override
    public List<Lot> lotsWithPoints(MemberId member) {
        return query("read lots", "SELECT " + LOT_COLUMNS + " FROM #lots WHERE program = ? AND member_id = ? AND remaining > 0",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                }, JdbcLedgerStore::lot);
    }

    @Override
    public Optional<Lot> lot(String lotId) {
        return queryOne("read lot", "SELECT " + LOT_COLUMNS + " FROM #lots WHERE program = ? AND id = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, lotId);
        }, JdbcLedgerStore::lot);
    }

    @Override
    public void insertLots(Collection<Lot> lots) {
        blindBatch("insert lots", "INSERT INTO #lots (program, " + LOT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)", lots,
                (ps, l) -> {
                    ps.setString(1, program);
                    ps.setString(2, l.id());
                    ps.setString(3, l.member().value());
                    ps.setString(4, l.source().name());
                    ps.setLong(5, l.points());
                    ps.setLong(6, l.remaining());
                    Sql.setInstant(ps, 7, l.createdAt());
                    Sql.setInstant(ps, 8, l.activatesAt());
                    Sql.setInstant(ps, 9, l.expiresAt());
                    ps.setString(10, l.reference());
                }, true);
    }

    @Override
    public void updateLots(Collection<Lot> lots) {
        blindBatch("update lots", "UPDATE #lots SET remaining = ? WHERE program = ? AND id = ?", lots, (ps, l) -> {
            ps.setLong(1, l.remaining());
            ps.setString(2, program);
            ps.setString(3, l.id());
        }, false);
    }

    @Override
    public void appendEntries(Collection<LedgerEntry> entries) {
        blindBatch("append entries", "INSERT INTO #entries (program, id, member_id, type, points, occurred_at, reference, "
                + "lot_id, consumptions, debt_change, related_entry_id, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", entries,
                (ps, e) -> {
                    ps.setString(1, program);
                    ps.setString(2, e.id());
                    ps.setString(3, e.member().value());
                    ps.setString(4, e.type().name());
                    ps.setLong(5, e.points());
                    Sql.setInstant(ps, 6, e.at());
                    ps.setString(7, e.reference());
                    ps.setString(8, e.lotId());
                    ps.setString(9, json.write(e.consumptions()));
                    ps.setLong(10, e.debtChange());
                    ps.setString(11, e.relatedEntryId());
                    ps.setString(12, e.note());
                }, true);
    }

    @Override
    public List<LedgerEntry> entries(MemberId member) {
        return query("read statement", "SELECT * FROM #entries WHERE program = ? AND member_id = ? ORDER BY seq", ps -> {
            ps.setString(1, program);
            ps.setString(2, member.value());
        }, rs -> new LedgerEntry(rs.getString("id"), member, EntryType.valueOf(rs.getString("type")),
                rs.getLong("points"), Sql.getInstant(rs, "occurred_at"), rs.getString("reference"),
                rs.getString("lot_id"), json.read(rs.getString("consumptions"), CONSUMPTIONS),
                rs.getLong("debt_change"), rs.getString("related_entry_id"), rs.getString("note")));
    }

    @Override
    public List<Reservation> reservations(MemberId member) {
        return query("read reservations", "SELECT * FROM #reservations WHERE program = ? AND member_id = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, member.value());
        }, this::reservation);
    }

    @Override
    public Optional<Reservation> reservation(String id) {
        return queryOne("read reservation", "SELECT * FROM #reservations WHERE program = ? AND id = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, id);
        }, this::reservation);
    }

    @Override
    public void insertReservation(Reservation r) {
        blindUpdate("insert reservation", "INSERT INTO #reservations (program, id, member_id, points, consumptions, "
                + "created_at, expires_at, hold_entry_id) VALUES (?,?,?,?,?,?,?,?)", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, r.id());
                    ps.setString(3, r.member().value());
                    ps.setLong(4, r.points());
                    ps.setString(5, json.write(r.consumptions()));
                    Sql.setInstant(ps, 6, r.createdAt());
                    Sql.setInstant(ps, 7, r.expiresAt());
                    ps.setString(8, r.holdEntryId());
                });
    }

    @Override
    public void deleteReservation(String id) {
        blindUpdate("delete reservation", "DELETE FROM #reservations WHERE program = ? AND id = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, id);
        });
    }

    @Override
    public void appendSpend(SpendRecord spend) {
        blindUpdate("append spend", "INSERT INTO #spend (program, member_id, occurred_at, kopecks, reference) VALUES (?,?,?,?,?)",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, spend.member().value());
                    Sql.setInstant(ps, 3, spend.at());
                    ps.setLong(4, spend.kopecks());
                    ps.setString(5, spend.reference());
                });
    }

    @Override
    public long spendSince(MemberId member, Instant fromInclusive) {
        return queryOne("sum spend", "SELECT COALESCE(SUM(kopecks), 0) FROM #spend WHERE program = ? AND member_id = ? "
                + "AND occurred_at >= ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                    Sql.setInstant(ps, 3, fromInclusive);
                }, rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public Optional<AdjustmentRecord> adjustment(String key) {
        return queryOne("read adjustment", "SELECT * FROM #adjustments WHERE program = ? AND idem_key = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, key);
        }, JdbcLedgerStore::adjustment);
    }

    private static AdjustmentRecord adjustment(ResultSet rs) throws SQLException {
        return new AdjustmentRecord(rs.getString("idem_key"), MemberId.of(rs.getString("member_id")),
                RequestFingerprint.of(rs.getString("request")), rs.getString("entry_id"));
    }

    @Override
    public Map<String, AdjustmentRecord> adjustments(Collection<String> keys) {
        Map<String, AdjustmentRecord> found = new LinkedHashMap<>();
        for (AdjustmentRecord r : queryByKeys("read adjustments", new KeyedRead("SELECT t.*", "*", "#adjustments",
                "t.program = ?", "idem_key", null, "", false), keys.stream().distinct().toList(), null, (ps, i) -> {
                    ps.setString(i, program);
                    return i + 1;
                }, JdbcLedgerStore::adjustment)) {
            found.put(r.key(), r);
        }
        return found;
    }

    private static final String INSERT_ADJUSTMENT = "INSERT INTO #adjustments (program, idem_key, member_id, request, "
            + "entry_id) VALUES (?,?,?,?,?)";

    @Override
    public void insertAdjustment(AdjustmentRecord record) {
        update("insert adjustment", INSERT_ADJUSTMENT, ps -> bindAdjustment(ps, record));
    }

    /** One batch (on PostgreSQL: one multi-row insert held with the other writes); a taken key fails the transaction. */
    @Override
    public void insertAdjustments(Collection<AdjustmentRecord> records) {
        blindBatch("insert adjustments", INSERT_ADJUSTMENT, records, this::bindAdjustment, true);
    }

    private void bindAdjustment(java.sql.PreparedStatement ps, AdjustmentRecord record) throws SQLException {
        ps.setString(1, program);
        ps.setString(2, record.key());
        ps.setString(3, record.member().value());
        ps.setString(4, record.request().canonical());
        ps.setString(5, record.entryId());
    }

    static Lot lot(ResultSet rs) throws SQLException {
        return new Lot(rs.getString("id"), MemberId.of(rs.getString("member_id")), LotSource.valueOf(rs.getString("source")),
                rs.getLong("points"), rs.getLong("remaining"), Sql.getInstant(rs, "created_at"),
                Sql.getInstant(rs, "activates_at"), Sql.getInstant(rs, "expires_at"), rs.getString("reference"));
    }

    private Reservation reservation(ResultSet rs) throws SQLException {
        return new Reservation(rs.getString("id"), MemberId.of(rs.getString("member_id")), rs.getLong("points"),
                json.read(rs.getString("consumptions"), CONSUMPTIONS), Sql.getInstant(rs, "created_at"),
                Sql.getInstant(rs, "expires_at"), rs.getString("hold_entry_id"));
    }
}
