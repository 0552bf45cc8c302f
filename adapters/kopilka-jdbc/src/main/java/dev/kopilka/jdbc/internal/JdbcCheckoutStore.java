package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.RequestFingerprint;
import dev.kopilka.checkout.AnonymousReceipt;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.Discarded;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.ReturnReceipt;
import dev.kopilka.checkout.Ticket;
import dev.kopilka.checkout.port.CheckoutStore;
import dev.kopilka.checkout.port.ReturnRecord;
import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.ledger.LotConsumption;
import dev.kopilka.member.MemberId;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link CheckoutStore} on SQL tables: the searchable fields as columns, the rest of a sale as JSON. */
public final class JdbcCheckoutStore extends JdbcTable implements CheckoutStore {

    /** The part of a sale kept as one JSON document. */
    record SaleData(Calculation calculation, String reservationId, Instant holdExpiresAt,
            List<LotConsumption> redemption, String earnedLotId, Ticket heldTicket, PurchaseReceipt receipt,
            Discarded discarded, Map<String, BigDecimal> returnedQuantities, long refundedKopecks) {
    }

    public JdbcCheckoutStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    @Override
    public Optional<SaleRecord> sale(String txid) {
        return queryOne("read sale", "SELECT * FROM #sales WHERE program = ? AND txid = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, txid);
        }, this::sale);
    }

    @Override
    public Optional<SaleRecord> saleByTicket(String ticket) {
        return queryOne("read sale by ticket", "SELECT * FROM #sales WHERE program = ? AND ticket = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, ticket);
        }, this::sale);
    }

    @Override
    public void insertSale(SaleRecord s) {
        // A duplicate receipt fails here or, held back, at the flush: either way inside the transaction, rolled back
        // and retried by the store, which then finds the winner's record.
        blindUpdate("insert sale", "INSERT INTO #sales (program, txid, ticket, kind, status, member_id, store_id, request, "
                + "created_at, data) VALUES (?,?,?,?,?,?,?,?,?,?)", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, s.txid());
                    ps.setString(3, s.ticket());
                    ps.setString(4, s.kind().name());
                    ps.setString(5, s.status().name());
                    ps.setString(6, s.member().value());
                    ps.setString(7, s.storeId());
                    ps.setString(8, s.request().canonical());
                    Sql.setInstant(ps, 9, s.createdAt());
                    ps.setString(10, json.write(data(s)));
                });
    }

    @Override
    public void updateSale(SaleRecord s) {
        int rows = update("update sale", "UPDATE #sales SET status = ?, data = ? WHERE program = ? AND txid = ?", ps -> {
            ps.setString(1, s.status().name());
            ps.setString(2, json.write(data(s)));
            ps.setString(3, program);
            ps.setString(4, s.txid());
        });
        if (rows != 1) {
            throw new IllegalStateException("no sale " + s.txid() + " to update");
        }
    }

    @Override
    public Optional<ReturnRecord> returnRecord(String returnId) {
        return queryOne("read return", "SELECT * FROM #sale_returns WHERE program = ? AND return_id = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, returnId);
        }, rs -> new ReturnRecord(returnId, rs.getString("sale_txid"), RequestFingerprint.of(rs.getString("request")),
                json.read(rs.getString("receipt"), ReturnReceipt.class)));
    }

    @Override
    public void insertReturn(ReturnRecord r) {
        update("insert return", "INSERT INTO #sale_returns (program, return_id, sale_txid, request, receipt) "
                + "VALUES (?,?,?,?,?)", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, r.returnId());
                    ps.setString(3, r.saleTxid());
                    ps.setString(4, r.request().canonical());
                    ps.setString(5, r.receipt() == null ? null : json.write(r.receipt()));
                });
    }

    @Override
    public Optional<AnonymousReceipt> anonymousReceipt(String receiptId) {
        return queryOne("read anonymous receipt", "SELECT * FROM #anonymous_receipts WHERE program = ? AND receipt_id = ?",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, receiptId);
                }, rs -> new AnonymousReceipt(receiptId, rs.getString("store_id"), rs.getLong("amount"),
                        Sql.getInstant(rs, "occurred_at")));
    }

    @Override
    public void insertAnonymousReceipt(AnonymousReceipt r) {
        update("insert anonymous receipt", "INSERT INTO #anonymous_receipts (program, receipt_id, store_id, amount, "
                + "occurred_at) VALUES (?,?,?,?,?)", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, r.receiptId());
                    ps.setString(3, r.storeId());
                    ps.setLong(4, r.amount());
                    Sql.setInstant(ps, 5, r.at());
                });
    }

    @Override
    public long countAnonymousReceipts(Instant from, Instant to) {
        return queryOne("count anonymous receipts", "SELECT COUNT(*) FROM #anonymous_receipts WHERE program = ? "
                + "AND occurred_at >= ? AND occurred_at < ?", ps -> {
                    ps.setString(1, program);
                    Sql.setInstant(ps, 2, from);
                    Sql.setInstant(ps, 3, to);
                }, rs -> rs.getLong(1)).orElse(0L);
    }

    /**
     * The sale's JSON. The calculation is kept once: a receipt or ticket that carries the same one stands for it
     * (half the bytes to write, compress and parse on every sale and replay; older rows with both still read).
     */
    private static SaleData data(SaleRecord s) {
        Calculation calculation = s.calculation();
        if (calculation != null && (s.receipt() != null && calculation.equals(s.receipt().calculation())
                || s.heldTicket() != null && calculation.equals(s.heldTicket().calculation()))) {
            calculation = null;
        }
        return new SaleData(calculation, s.reservationId(), s.holdExpiresAt(), s.redemption(), s.earnedLotId(),
                s.heldTicket(), s.receipt(), s.discarded(), s.returnedQuantities(), s.refundedKopecks());
    }

    private SaleRecord sale(ResultSet rs) throws SQLException {
        return sale(rs.getString("txid"), rs.getString("kind"), rs.getString("status"), rs.getString("member_id"),
                rs.getString("store_id"), rs.getString("request"), Sql.getInstant(rs, "created_at"), rs.getString("data"),
                rs.getString("ticket"));
    }

    SaleRecord sale(String txid, String kind, String status, String memberId, String storeId, String request,
            Instant createdAt, String data, String ticket) {
        SaleData d = json.read(data, SaleData.class);
        Calculation calculation = calculation(d);
        return new SaleRecord(txid, SaleRecord.Kind.valueOf(kind), SaleRecord.Status.valueOf(status),
                MemberId.of(memberId), storeId, RequestFingerprint.of(request), createdAt,
                calculation, ticket, d.reservationId(), d.holdExpiresAt(),
                d.redemption() == null ? List.of() : d.redemption(), d.earnedLotId(), d.heldTicket(), d.receipt(),
                d.discarded(), d.returnedQuantities() == null ? Map.of() : d.returnedQuantities(), d.refundedKopecks());
    }

    /** A sale's calculation wherever its data keeps it: once, or inside its receipt or held ticket (null: none). */
    static Calculation calculation(SaleData d) {
        return d.calculation() != null ? d.calculation()
                : d.receipt() != null ? d.receipt().calculation()
                : d.heldTicket() != null ? d.heldTicket().calculation() : null;
    }
}
