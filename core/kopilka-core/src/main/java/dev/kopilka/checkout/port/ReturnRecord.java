package dev.kopilka.checkout.port;

import dev.kopilka.checkout.ReturnReceipt;
import java.util.Map;

/** An applied return, kept forever under its return id so a retry gets the same answer. */
public record ReturnRecord(String returnId, String saleTxid, Map<String, String> request, ReturnReceipt receipt) {

    public ReturnRecord {
        request = Map.copyOf(request);
    }
}
