package dev.kopilka.store.memory;

import dev.kopilka.ProgramId;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.StoreTransaction;
import dev.kopilka.store.port.TransactionWork;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded, dependency-free store: everything in the heap, lost when the JVM stops. For tests, the
 * demo's dry runs and simulations.
 *
 * <p>Each program has one read-write lock: writing transactions of a program run one at a time (a member
 * lock is therefore implied), readers run in parallel. A transaction that throws is undone through its
 * undo log, so nothing is ever half-written.
 */
public final class InMemoryStore implements KopilkaStore {

    private final Map<ProgramId, ProgramData> programs = new ConcurrentHashMap<>();

    @Override
    public <T> T inTransaction(ProgramId program, TransactionWork<T> work) {
        ProgramData data = data(program);
        data.lock.writeLock().lock();
        try {
            data.log.beginWrite();
            try {
                T result = work.execute(data.tables);
                data.log.commit();
                return result;
            } catch (RuntimeException | Error e) {
                data.log.rollback();
                throw e;
            }
        } finally {
            data.lock.writeLock().unlock();
        }
    }

    @Override
    public <T> T readOnly(ProgramId program, TransactionWork<T> work) {
        ProgramData data = data(program);
        data.lock.readLock().lock();
        try {
            return work.execute(data.tables);
        } finally {
            data.lock.readLock().unlock();
        }
    }

    private ProgramData data(ProgramId program) {
        return programs.computeIfAbsent(program, p -> new ProgramData());
    }

    /** One program's tables, its lock and its undo log. */
    private static final class ProgramData {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        final TransactionLog log = new TransactionLog();
        final StoreTransaction tables = tables(log);

        private static StoreTransaction tables(TransactionLog log) {
            InMemoryMemberStore members = new InMemoryMemberStore(log);
            InMemoryLedgerStore ledger = new InMemoryLedgerStore(log);
            InMemoryCheckoutStore checkout = new InMemoryCheckoutStore(log);
            InMemoryPromoCodeStore promoCodes = new InMemoryPromoCodeStore(log);
            InMemoryOutboxStore outbox = new InMemoryOutboxStore(log);
            InMemoryCampaignStore campaigns = new InMemoryCampaignStore(log);
            return StoreTransaction.of(members, ledger, checkout, promoCodes, new InMemoryMemberStatsStore(log),
                    outbox, campaigns, new InMemoryAnalyticsStore(log, members, ledger, checkout, promoCodes, outbox,
                            campaigns), new InMemoryRedemptionCodeStore(log));
        }
    }
}
