package dev.kopilka.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * B1: the rows one Kopilka purchase writes (B2 of {@link JdbcPurchaseScenario}), written with plain JDBC and no
 * Kopilka code — the same tables, row shapes and sizes (a sale with a ~600-character request fingerprint and a
 * ~1,500-character JSON document, a pending lot, a spent lot, two entries, a spend row, the account upsert, the
 * statistics increment and the statistics day upsert), the same indexes, the member row locked, in the same two
 * round trips and one commit as a purchase on PostgreSQL. B1/B0 is what the data model costs the database; B2/B1 is
 * what Kopilka's code adds on top of it (reading and checking the ledger, the calculation, JSON, the fingerprint).
 *
 * <p>PostgreSQL only (multi-statement strings, {@code ON CONFLICT}): each round trip is one multi-statement string, as
 * Kopilka sends it there.
 */
final class PhysicalPurchase {

    /** Round trip 1: lock the member, read their account and lots with points (what redemption needs). */
    private static final String LOCK = "SELECT id, blocked FROM kopilka_members WHERE program = ? AND id = ? FOR UPDATE";
    private static final String LEDGER = "SELECT 'A', member_id, debt FROM kopilka_accounts WHERE program = ? "
            + "AND member_id = ? UNION ALL SELECT 'L', id, remaining FROM kopilka_lots WHERE program = ? "
            + "AND member_id = ? AND remaining > 0";
    /** Round trip 2: the writes and the commit. */
    private static final String[] WRITES = {
        "INSERT INTO kopilka_sales (program, txid, ticket, kind, status, member_id, store_id, request, created_at, data) "
                + "VALUES (?,?,NULL,'PURCHASE','COMPLETED',?,'store-1',?,?,?)",
        "INSERT INTO kopilka_lots (program, id, member_id, source, points, remaining, created_at, activates_at, "
                + "expires_at, reference) VALUES (?,?,?,'PURCHASE',116,116,?,?,NULL,?)",
        "UPDATE kopilka_lots SET remaining = ? WHERE program = ? AND id = ?",
        "INSERT INTO kopilka_entries (program, id, member_id, type, points, occurred_at, reference, lot_id, "
                + "consumptions, debt_change, related_entry_id, note) VALUES (?,?,?,'REDEEM',-10,?,?,NULL,?,0,NULL,NULL),"
                + "(?,?,?,'EARN',116,?,?,?,'[]',0,NULL,NULL)",
        "INSERT INTO kopilka_spend (program, member_id, occurred_at, kopecks, reference) VALUES (?,?,?,233000,?)",
        "INSERT INTO kopilka_accounts (activity_since, last_purchase_at, debt, tier, tier_review_at, settled_at, "
                + "program, member_id) VALUES (?,?,0,'base',NULL,?,?,?) ON CONFLICT (program, member_id) DO UPDATE "
                + "SET activity_since = EXCLUDED.activity_since, last_purchase_at = EXCLUDED.last_purchase_at, "
                + "debt = EXCLUDED.debt, tier = EXCLUDED.tier, tier_review_at = EXCLUDED.tier_review_at, "
                + "settled_at = EXCLUDED.settled_at",
        "UPDATE kopilka_member_stats SET last_store = 'store-1', last_purchase_on = ?, last_purchase_at = ?, "
                + "first_purchase_at = COALESCE(first_purchase_at, ?), purchase_count = purchase_count + 1, "
                + "purchase_sum = purchase_sum + 233000 WHERE program = ? AND member_id = ?",
        "INSERT INTO kopilka_member_stats_days (program, member_id, purchase_day, store_id, purchase_count, purchase_sum) "
                + "VALUES (?,?,?,'store-1',1,233000) ON CONFLICT (program, member_id, purchase_day, store_id) DO UPDATE "
                + "SET purchase_count = kopilka_member_stats_days.purchase_count + EXCLUDED.purchase_count, "
                + "purchase_sum = kopilka_member_stats_days.purchase_sum + EXCLUDED.purchase_sum",
    };

    private final String writes;

    PhysicalPurchase() {
        this.writes = String.join(";\n", WRITES) + ";\nCOMMIT";
    }

    /** One purchase of {@code member} under receipt {@code txid} (the caller's pool must not auto-commit). */
    void run(DataSource pool, String program, String member, String txid) throws SQLException {
        try (Connection c = pool.getConnection()) {
            String seedLot = null;
            long remaining = 0;
            try (PreparedStatement ps = c.prepareStatement(LOCK + ";\n" + LEDGER)) {
                bindRead(ps, program, member);
                ps.execute();
                ps.getResultSet().close();
                ps.getMoreResults();
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        if ("L".equals(rs.getString(1)) && rs.getLong(3) > remaining) { // spend from the fullest lot
                            seedLot = rs.getString(2);
                            remaining = rs.getLong(3);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(writes)) {
                bindWrites(ps, program, member, txid, seedLot, remaining - 10);
                ps.execute();
            }
            c.commit(); // sends nothing: the COMMIT went with the writes
        }
    }

    private static void bindRead(PreparedStatement ps, String program, String member) throws SQLException {
        ps.setString(1, program);
        ps.setString(2, member);
        ps.setString(3, program);
        ps.setString(4, member);
        ps.setString(5, program);
        ps.setString(6, member);
    }

    private static void bindWrites(PreparedStatement ps, String program, String member, String txid, String lot,
            long remaining) throws SQLException {
        Object[] all = parameters(program, member, txid, lot, remaining);
        for (int i = 0; i < all.length; i++) {
            ps.setObject(i + 1, all[i]);
        }
    }

    /** Every parameter of the writes, in order, typed as Kopilka binds them. */
    private static Object[] parameters(String program, String member, String txid, String lot, long remaining) {
        long now = System.currentTimeMillis() * 1_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Moscow"));
        String earned = timeOrdered();
        String redeemConsumptions = "[{\"lotId\":\"" + lot + "\",\"points\":10}]";
        return new Object[] {
            program, txid, member, request(member), now, data(member, txid, lot, earned),           // sale
            program, earned, member, now, now + 86_400_000_000_000L, txid,                            // pending lot
            remaining, program, lot,                                                                  // spent lot
            program, timeOrdered(), member, now, txid, redeemConsumptions,             // entries
            program, timeOrdered(), member, now, txid, earned,
            program, member, now, txid,                                                               // spend
            now, now, now, program, member,                                                           // account
            day, now, now, program, member,                                                           // statistics
            program, member, day,                                                                     // statistics day
        };
    }

    /** A version 7 (time-ordered) UUID, as Kopilka's default id source makes: new keys land at the index's right edge. */
    private static String timeOrdered() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** A request fingerprint of the length Kopilka stores for the benchmark's receipt. */
    private static String request(String member) {
        return "operation=purchase\nmember=member id " + member + "\nstoreId=store-1\npoints=10\npromoCode=null\n"
                + "lines=2\n" + line(0, "1", "TONER", 1, 199000) + line(1, "2", "BRUSH", 2, 35000);
    }

    private static String line(int i, String id, String sku, int quantity, long amount) {
        String p = "lines[" + i + "].";
        return p + "id=" + id + "\n" + p + "sku=" + sku + "\n" + p + "category=null\n" + p + "quantity=" + quantity + "\n"
                + p + "amount=" + amount + "\n" + p + "minAmount=0\n" + p + "noRedeem=false\n" + p + "noEarn=false\n"
                + p + "noPromo=false\n";
    }

    /** A sale document of the shape and length Kopilka stores for the benchmark's receipt. */
    private static String data(String member, String txid, String lot, String earned) {
        String at = java.time.Instant.now().toString();
        return "{\"calculation\":null,\"reservationId\":null,\"holdExpiresAt\":null,\"redemption\":[{\"lotId\":\"" + lot
                + "\",\"points\":10}],\"earnedLotId\":\"" + earned + "\",\"heldTicket\":null,\"receipt\":{\"txid\":\""
                + txid + "\",\"member\":{\"value\":\"" + member + "\"},\"storeId\":\"store-1\",\"completedAt\":\"" + at
                + "\",\"calculation\":{\"member\":{\"value\":\"" + member + "\"},\"tier\":\"base\",\"earningRatePercent\":5,"
                + "\"lines\":[{\"lineId\":\"1\",\"quantity\":1,\"amount\":199000,\"promoDiscount\":0,\"pointsApplied\":9,"
                + "\"pointsDiscount\":900,\"toPay\":198100,\"earnBase\":198100,\"pointsEarned\":99,\"maxPoints\":1990},"
                + "{\"lineId\":\"2\",\"quantity\":2,\"amount\":35000,\"promoDiscount\":0,\"pointsApplied\":1,"
                + "\"pointsDiscount\":100,\"toPay\":34900,\"earnBase\":34900,\"pointsEarned\":17,\"maxPoints\":350}],"
                + "\"total\":234000,\"promoDiscount\":0,\"pointsApplied\":10,\"pointsDiscount\":1000,\"toPay\":233000,"
                + "\"pointsEarned\":116,\"maxPointsAllowed\":702,\"availablePoints\":1000000,\"promoCode\":null,"
                + "\"promoRefusal\":null,\"pointsRefusal\":null},\"earnedActivateAt\":\"" + at + "\",\"earnedExpireAt\":null,"
                + "\"balance\":{\"asOf\":\"" + at + "\",\"available\":999990,\"pending\":116,\"nextPendingAt\":\"" + at
                + "\",\"reserved\":0,\"debt\":0,\"expiringPoints\":0,\"expiringAt\":null,\"tier\":\"base\"}},"
                + "\"discarded\":null,\"returnedQuantities\":{},\"refundedKopecks\":0}";
    }
}
