package dev.kopilka.checkout.internal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.kopilka.ProgramId;
import dev.kopilka.RequestFingerprint;
import dev.kopilka.checkout.PurchaseReceipt;

/**
 * The receipts of recent purchases this instance saw committed, so a till's retry of one is answered without the
 * store. Safe across application instances: an entry is added only after the store committed the purchase (never
 * inside a transaction an integrator ends), a committed purchase is never undone, and its receipt never changes
 * (returns are separate records). A retry whose request differs from the stored one goes to the store, which
 * names the differing fields. Bounded: the least recently used receipts are dropped first.
 */
final class ReplayCache {

    private record Stored(RequestFingerprint request, PurchaseReceipt receipt) {
    }

    private final Cache<String, Stored> receipts;

    /** @param size how many receipts to keep; 0 keeps none */
    ReplayCache(int size) {
        this.receipts = size == 0 ? null : CacheBuilder.newBuilder().maximumSize(size).build();
    }

    /** The committed receipt of purchase {@code txid} if this request is the one it was made with; else null. */
    PurchaseReceipt find(ProgramId program, String txid, RequestFingerprint request) {
        if (receipts == null) {
            return null;
        }
        Stored stored = receipts.getIfPresent(key(program, txid));
        return stored != null && stored.request().canonical().equals(request.canonical()) ? stored.receipt() : null;
    }

    /** Call only once the purchase is committed. */
    void committed(ProgramId program, String txid, RequestFingerprint request, PurchaseReceipt receipt) {
        if (receipts != null && receipt != null) {
            receipts.put(key(program, txid), new Stored(request, receipt));
        }
    }

    private static String key(ProgramId program, String txid) {
        return program.value() + '\n' + txid;
    }
}
