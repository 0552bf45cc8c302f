package dev.kopilka.checkout.port;

import dev.kopilka.checkout.ReturnReceipt;
import dev.kopilka.RequestFingerprint;

/** An applied return, kept forever under its return id so a retry gets the same answer. */
public record ReturnRecord(String returnId, String saleTxid, RequestFingerprint request, ReturnReceipt receipt) {
}
