package dev.kopilka.store.memory;

import dev.kopilka.checkout.port.RedemptionCodeStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link RedemptionCodeStore} in memory: one program's pending codes by receipt id, undone with the transaction. */
public final class InMemoryRedemptionCodeStore extends InMemoryTable implements RedemptionCodeStore {

    private final Map<String, PendingCode> codes = new HashMap<>();

    public InMemoryRedemptionCodeStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<PendingCode> find(String txid) {
        return Optional.ofNullable(codes.get(txid));
    }

    @Override
    public void put(PendingCode code) {
        requireWritable();
        PendingCode previous = codes.put(code.txid(), code);
        undoable(() -> restore(code.txid(), previous));
    }

    @Override
    public void remove(String txid) {
        requireWritable();
        PendingCode previous = codes.remove(txid);
        if (previous != null) {
            undoable(() -> codes.put(txid, previous));
        }
    }

    @Override
    public int removeExpired(Instant now) {
        requireWritable();
        Map<String, PendingCode> removed = new HashMap<>();
        codes.values().removeIf(c -> {
            if (!c.expiresAt().isAfter(now)) {
                removed.put(c.txid(), c);
                return true;
            }
            return false;
        });
        if (!removed.isEmpty()) {
            undoable(() -> codes.putAll(removed));
        }
        return removed.size();
    }

    private void restore(String txid, PendingCode previous) {
        if (previous == null) {
            codes.remove(txid);
        } else {
            codes.put(txid, previous);
        }
    }
}
