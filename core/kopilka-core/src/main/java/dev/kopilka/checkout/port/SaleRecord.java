package dev.kopilka.checkout.port;

import dev.kopilka.RequestFingerprint;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.Discarded;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.Ticket;
import dev.kopilka.ledger.LotConsumption;
import dev.kopilka.member.MemberId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the checkout keeps about one receipt id (txid), forever: the request's fields (to tell a
 * replay from a conflicting retry), what was calculated and written, and how much has been returned.
 *
 * @param request            the request's canonical fields, compared on a retry
 * @param redemption         the lots the receipt's points came from
 * @param returnedQuantities per line id, the quantity returned so far
 */
public record SaleRecord(
        String txid,
        Kind kind,
        Status status,
        MemberId member,
        String storeId,
        RequestFingerprint request,
        Instant createdAt,
        Calculation calculation,
        String ticket,
        String reservationId,
        Instant holdExpiresAt,
        List<LotConsumption> redemption,
        String earnedLotId,
        Ticket heldTicket,
        PurchaseReceipt receipt,
        Discarded discarded,
        Map<String, BigDecimal> returnedQuantities,
        long refundedKopecks) {

    public enum Kind { PURCHASE, HOLD }

    public enum Status { HELD, COMPLETED, DISCARDED }

    public SaleRecord {
        redemption = List.copyOf(redemption);
        returnedQuantities = Map.copyOf(returnedQuantities);
    }

    public SaleRecord completed(List<LotConsumption> consumed, String lotId, PurchaseReceipt newReceipt) {
        return new SaleRecord(txid, kind, Status.COMPLETED, member, storeId, request, createdAt, calculation, ticket,
                reservationId, holdExpiresAt, consumed, lotId, heldTicket, newReceipt, discarded, returnedQuantities,
                refundedKopecks);
    }

    public SaleRecord discarded(Discarded result) {
        return new SaleRecord(txid, kind, Status.DISCARDED, member, storeId, request, createdAt, calculation, ticket,
                reservationId, holdExpiresAt, redemption, earnedLotId, heldTicket, receipt, result, returnedQuantities,
                refundedKopecks);
    }

    public SaleRecord returned(Map<String, BigDecimal> quantities, long refunded) {
        return new SaleRecord(txid, kind, status, member, storeId, request, createdAt, calculation, ticket,
                reservationId, holdExpiresAt, redemption, earnedLotId, heldTicket, receipt, discarded, quantities,
                refunded);
    }
}
