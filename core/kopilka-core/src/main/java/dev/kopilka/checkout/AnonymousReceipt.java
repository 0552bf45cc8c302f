package dev.kopilka.checkout;

import dev.kopilka.Require;
import java.time.Instant;

/** A receipt sold without a loyalty card, reported so the card-usage rate can be computed. */
public record AnonymousReceipt(String receiptId, String storeId, long amount, Instant at) {

    public AnonymousReceipt {
        Require.token(receiptId, "receiptId", 128);
        Require.token(storeId, "storeId", 64);
        Require.nonNegative(amount, "amount");
        Require.present(at, "at");
    }
}
