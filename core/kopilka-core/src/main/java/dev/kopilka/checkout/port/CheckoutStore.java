package dev.kopilka.checkout.port;

import dev.kopilka.checkout.AnonymousReceipt;
import java.time.Instant;
import java.util.Optional;

/**
 * Secondary port: receipts, holds and returns of one program, bound to one store transaction.
 * Receipt ids (txid), tickets and return ids are unique within the program, forever.
 */
public interface CheckoutStore {

    Optional<SaleRecord> sale(String txid);

    Optional<SaleRecord> saleByTicket(String ticket);

    /** Throws {@link IllegalStateException} (in memory) or a store exception if the txid exists. */
    void insertSale(SaleRecord sale);

    /** Replaces the sale with the same txid. */
    void updateSale(SaleRecord sale);

    Optional<ReturnRecord> returnRecord(String returnId);

    void insertReturn(ReturnRecord record);

    Optional<AnonymousReceipt> anonymousReceipt(String receiptId);

    void insertAnonymousReceipt(AnonymousReceipt receipt);

    /** Anonymous receipts with {@code from <= at < to}. */
    long countAnonymousReceipts(Instant from, Instant to);
}
