package dev.kopilka.store.memory;

import dev.kopilka.checkout.AnonymousReceipt;
import dev.kopilka.checkout.port.CheckoutStore;
import dev.kopilka.checkout.port.ReturnRecord;
import dev.kopilka.checkout.port.SaleRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link CheckoutStore}: receipts, holds and returns of one program. */
public final class InMemoryCheckoutStore extends InMemoryTable implements CheckoutStore {

    private final Map<String, SaleRecord> sales = new HashMap<>();
    private final Map<String, String> txidByTicket = new HashMap<>();
    private final Map<String, ReturnRecord> returns = new HashMap<>();
    private final Map<String, AnonymousReceipt> anonymous = new HashMap<>();

    public InMemoryCheckoutStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<SaleRecord> sale(String txid) {
        return Optional.ofNullable(sales.get(txid));
    }

    @Override
    public Optional<SaleRecord> saleByTicket(String ticket) {
        return Optional.ofNullable(txidByTicket.get(ticket)).map(sales::get);
    }

    @Override
    public void insertSale(SaleRecord sale) {
        requireWritable();
        if (sales.containsKey(sale.txid())) {
            throw new IllegalStateException("duplicate txid " + sale.txid());
        }
        if (sale.ticket() != null && txidByTicket.containsKey(sale.ticket())) {
            throw new IllegalStateException("duplicate ticket " + sale.ticket());
        }
        sales.put(sale.txid(), sale);
        if (sale.ticket() != null) {
            txidByTicket.put(sale.ticket(), sale.txid());
        }
        undoable(() -> {
            sales.remove(sale.txid());
            if (sale.ticket() != null) {
                txidByTicket.remove(sale.ticket());
            }
        });
    }

    @Override
    public void updateSale(SaleRecord sale) {
        requireWritable();
        SaleRecord previous = sales.get(sale.txid());
        if (previous == null) {
            throw new IllegalStateException("no sale " + sale.txid() + " to update");
        }
        sales.put(sale.txid(), sale);
        undoable(() -> sales.put(previous.txid(), previous));
    }

    @Override
    public Optional<ReturnRecord> returnRecord(String returnId) {
        return Optional.ofNullable(returns.get(returnId));
    }

    @Override
    public void insertReturn(ReturnRecord record) {
        requireWritable();
        if (returns.putIfAbsent(record.returnId(), record) != null) {
            throw new IllegalStateException("duplicate return id " + record.returnId());
        }
        undoable(() -> returns.remove(record.returnId()));
    }

    @Override
    public Optional<AnonymousReceipt> anonymousReceipt(String receiptId) {
        return Optional.ofNullable(anonymous.get(receiptId));
    }

    @Override
    public void insertAnonymousReceipt(AnonymousReceipt receipt) {
        requireWritable();
        if (anonymous.putIfAbsent(receipt.receiptId(), receipt) != null) {
            throw new IllegalStateException("duplicate anonymous receipt " + receipt.receiptId());
        }
        undoable(() -> anonymous.remove(receipt.receiptId()));
    }

    @Override
    public long countAnonymousReceipts(Instant from, Instant to) {
        return anonymous.values().stream().filter(r -> !r.at().isBefore(from) && r.at().isBefore(to)).count();
    }

    /** Every anonymous receipt, for {@link InMemoryAnalyticsStore}. */
    java.util.Collection<AnonymousReceipt> allAnonymousReceipts() {
        return anonymous.values();
    }
}
