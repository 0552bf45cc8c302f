package dev.kopilka.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Fixture;
import dev.kopilka.ProgramId;
import dev.kopilka.analytics.port.AnalyticsStore;
import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.checkout.port.CheckoutStore;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.port.MemberStore;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.promo.port.PromoCodeStore;
import dev.kopilka.segment.port.MemberStatsStore;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.StoreTransaction;
import dev.kopilka.store.port.TransactionWork;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A retry of a committed purchase is answered from memory; one the store did not commit itself never is. */
class ReplayCacheTest {

    @Test
    void aRetryOfACommittedPurchaseNeedsNoStoreTransaction() {
        CountingStore store = new CountingStore(new InMemoryStore(), true);
        Fixture f = new Fixture(Fixture.immediate(), store, "2025-05-12T10:00:00");
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt first = f.checkout().purchase(f.program, "t1", request(anna, 100_000)).orElseThrow();
        int writes = store.writes.get();

        assertThat(f.checkout().purchase(f.program, "t1", request(anna, 100_000)).orElseThrow()).isEqualTo(first);
        assertThat(store.writes.get()).isEqualTo(writes);
        // a different request under the same receipt id still goes to the store, which names the difference
        assertThat(f.checkout().purchase(f.program, "t1", request(anna, 100_500)).refusal())
                .isInstanceOf(dev.kopilka.Refusal.ConflictingRetry.class);
        assertThat(store.writes.get()).isEqualTo(writes + 1);
    }

    @Test
    void aPurchaseInATransactionTheCallerCommitsIsNeverAnsweredFromMemory() {
        CountingStore store = new CountingStore(new InMemoryStore(), false);
        Fixture f = new Fixture(Fixture.immediate(), store, "2025-05-12T10:00:00");
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt first = f.checkout().purchase(f.program, "t1", request(anna, 100_000)).orElseThrow();
        int writes = store.writes.get();

        assertThat(f.checkout().purchase(f.program, "t1", request(anna, 100_000)).orElseThrow()).isEqualTo(first);
        assertThat(store.writes.get()).isEqualTo(writes + 1);
    }

    private static PurchaseRequest request(MemberId member, long amount) {
        return PurchaseRequest.of(Fixture.ref(member), "s1", List.of(Line.of("1", "A", 1, amount)));
    }

    /** Counts writing transactions; its transactions say whether the store commits them itself. */
    private static final class CountingStore implements KopilkaStore {
        private final KopilkaStore target;
        private final boolean commits;
        final AtomicInteger writes = new AtomicInteger();

        CountingStore(KopilkaStore target, boolean commits) {
            this.target = target;
            this.commits = commits;
        }

        @Override
        public <T> T inTransaction(ProgramId program, TransactionWork<T> work) {
            writes.incrementAndGet();
            return target.inTransaction(program, tx -> work.execute(commits ? tx : new CallerCommits(tx)));
        }

        @Override
        public <T> T readOnly(ProgramId program, TransactionWork<T> work) {
            return target.readOnly(program, work);
        }
    }

    /** A transaction as a store joining its caller's would present it. */
    private record CallerCommits(StoreTransaction tx) implements StoreTransaction {
        @Override
        public boolean commitsOnReturn() {
            return false;
        }

        @Override
        public MemberStore members() {
            return tx.members();
        }

        @Override
        public LedgerStore ledger() {
            return tx.ledger();
        }

        @Override
        public CheckoutStore checkout() {
            return tx.checkout();
        }

        @Override
        public PromoCodeStore promoCodes() {
            return tx.promoCodes();
        }

        @Override
        public MemberStatsStore stats() {
            return tx.stats();
        }

        @Override
        public OutboxStore outbox() {
            return tx.outbox();
        }

        @Override
        public CampaignStore campaigns() {
            return tx.campaigns();
        }

        @Override
        public AnalyticsStore analytics() {
            return tx.analytics();
        }
    }
}
