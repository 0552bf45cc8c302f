package dev.kopilka.jdbc.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotConsumption;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.port.MemberLedger;
import dev.kopilka.member.MemberId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A member's whole state in one statement: the receipt's sale (if asked), the account, the lots with points,
 * the open reservations and whether a statistics row exists, as one {@code UNION ALL} whose rows are told apart by their first column. Portable
 * across H2, PostgreSQL and MariaDB: every branch has the same columns (a kind, eight texts, five numbers).
 */
final class MemberState {

    private static final TypeReference<List<LotConsumption>> CONSUMPTIONS = new TypeReference<>() { };

    private static final String SALE = "SELECT 'S' AS k, txid AS t1, kind AS t2, status AS t3, member_id AS t4, "
            + "store_id AS t5, request AS t6, data AS t7, ticket AS t8, created_at AS n1, NULL AS n2, NULL AS n3, "
            + "NULL AS n4, NULL AS n5 FROM #sales WHERE program = ? AND txid = ?";
    private static final String LEDGER = "SELECT 'A', tier, NULL, NULL, NULL, NULL, NULL, NULL, NULL, activity_since, "
            + "last_purchase_at, debt, tier_review_at, settled_at FROM #accounts WHERE program = ? AND member_id = ? "
            + "UNION ALL SELECT 'L', id, source, reference, NULL, NULL, NULL, NULL, NULL, points, remaining, created_at, "
            + "activates_at, expires_at FROM #lots WHERE program = ? AND member_id = ? AND remaining > 0 "
            + "UNION ALL SELECT 'R', id, consumptions, hold_entry_id, NULL, NULL, NULL, NULL, NULL, points, created_at, "
            + "expires_at, NULL, NULL FROM #reservations WHERE program = ? AND member_id = ? "
            + "UNION ALL SELECT 'T', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
            + "FROM #member_stats WHERE program = ? AND member_id = ?";
    private static final String LEDGER_FIRST = LEDGER.replaceFirst("SELECT 'A', tier, NULL, NULL, NULL, NULL, NULL, "
            + "NULL, NULL, activity_since, last_purchase_at, debt, tier_review_at, settled_at",
            "SELECT 'A' AS k, tier AS t1, NULL AS t2, NULL AS t3, NULL AS t4, NULL AS t5, NULL AS t6, NULL AS t7, "
            + "NULL AS t8, activity_since AS n1, last_purchase_at AS n2, debt AS n3, tier_review_at AS n4, "
            + "settled_at AS n5");

    /**
     * PostgreSQL's variant with the sale: the ledger is read only when the receipt is not sold yet, so a replay
     * reads one row however many lots the member has.
     */
    private static final String SALE_OR_LEDGER = "WITH sale AS (SELECT txid, kind, status, member_id, store_id, "
            + "request, data, ticket, created_at FROM #sales WHERE program = ? AND txid = ?) "
            + SALE.replace("#sales WHERE program = ? AND txid = ?", "sale") + " UNION ALL "
            + LEDGER.replace("member_id = ?", "member_id = ? AND NOT EXISTS (SELECT 1 FROM sale)");

    /**
     * The sale, then what it found; {@code statsRow}: the member has a statistics row (a purchase may then add to it
     * blind, without checking the row count).
     */
    record Loaded(Optional<SaleRecord> sale, MemberLedger ledger, boolean statsRow) {
    }

    private MemberState() {
    }

    /** The statement (with {@code #} for the table prefix); with the sale of a receipt or without. */
    static String sql(boolean withSale) {
        return withSale ? SALE + " UNION ALL " + LEDGER : LEDGER_FIRST;
    }

    /** {@link #sql(boolean) sql(true)} reading no ledger if the receipt is sold (PostgreSQL); binds the same. */
    static String saleOrLedgerSql() {
        return SALE_OR_LEDGER;
    }

    /** Binds from parameter {@code first}; returns the next free parameter. */
    static int bind(PreparedStatement ps, int first, String program, String txid, String member) throws SQLException {
        int i = first;
        if (txid != null) {
            ps.setString(i++, program);
            ps.setString(i++, txid);
        }
        for (int table = 0; table < 4; table++) {
            ps.setString(i++, program);
            ps.setString(i++, member);
        }
        return i;
    }

    /** Reads all rows of the statement. */
    static Loaded read(ResultSet rs, MemberId member, Json json, JdbcCheckoutStore checkout) throws SQLException {
        SaleRecord sale = null;
        Account account = null;
        List<Lot> lots = new ArrayList<>();
        List<Reservation> reservations = new ArrayList<>();
        boolean statsRow = false;
        while (rs.next()) {
            switch (rs.getString(1)) {
                case "S" -> sale = checkout.sale(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), instant(rs, 10), rs.getString(8), rs.getString(9));
                case "A" -> account = new Account(member, instant(rs, 10), instant(rs, 11), rs.getLong(12),
                        rs.getString(2), instant(rs, 13), instant(rs, 14));
                case "L" -> lots.add(new Lot(rs.getString(2), member, LotSource.valueOf(rs.getString(3)),
                        rs.getLong(10), rs.getLong(11), instant(rs, 12), instant(rs, 13), instant(rs, 14),
                        rs.getString(4)));
                case "R" -> reservations.add(new Reservation(rs.getString(2), member, rs.getLong(10),
                        json.read(rs.getString(3), CONSUMPTIONS), instant(rs, 11), instant(rs, 12), rs.getString(4)));
                case "T" -> statsRow = true;
                default -> throw new IllegalStateException("unexpected row kind " + rs.getString(1));
            }
        }
        return new Loaded(Optional.ofNullable(sale), new MemberLedger(Optional.ofNullable(account), lots, reservations),
                statsRow);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long nanos = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
    }
}
