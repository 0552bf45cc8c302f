package dev.kopilka.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Fixture;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    private static final int THREADS = 32;

    @Test
    void thirtyTwoTillsRedeemingFromOneMemberNeverOverspend() throws Exception {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        f.grant(anna, 1_000);

        List<Outcome<PurchaseReceipt>> outcomes = race(THREADS, 20, (thread, i) -> f.checkout().purchase(f.program,
                "t" + thread + "-" + i, PurchaseRequest.of(MemberRef.id(anna), "store-" + thread,
                        List.of(Line.of("1", "A", 1, 100_000).asNoEarn())).withPoints(PointsToApply.exactly(10))));

        long accepted = outcomes.stream().filter(Outcome::isAccepted).count();
        assertThat(accepted).isEqualTo(100);
        assertThat(outcomes).filteredOn(o -> !o.isAccepted())
                .allSatisfy(o -> assertThat(o.refusal()).isInstanceOf(Refusal.RedemptionAboveLimit.class));
        assertThat(f.balance(anna).available()).isZero();
        List<LedgerEntry> statement = f.statement(anna);
        assertThat(statement.stream().mapToLong(LedgerEntry::points).sum()).isZero();
        assertThat(statement).filteredOn(e -> e.type() == EntryType.REDEEM).hasSize(100);
        List<Lot> lots = f.kopilka.ledger().lots(f.program, MemberRef.id(anna)).orElseThrow();
        assertThat(lots).allSatisfy(l -> assertThat(l.remaining()).isBetween(0L, l.points()));
    }

    @Test
    void thirtyTwoRetriesOfOneReceiptWriteOnceAndAllGetTheSameAnswer() throws Exception {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        f.grant(anna, 1_000);
        PurchaseRequest request = PurchaseRequest.of(MemberRef.id(anna), "store-1", List.of(Line.of("1", "A", 1, 100_000)))
                .withPoints(PointsToApply.exactly(100));

        List<Outcome<PurchaseReceipt>> outcomes = race(THREADS, 1,
                (thread, i) -> f.checkout().purchase(f.program, "same-receipt", request));

        assertThat(new HashSet<>(outcomes.stream().map(Outcome::orElseThrow).toList())).hasSize(1);
        assertThat(f.statement(anna)).filteredOn(e -> e.type() == EntryType.REDEEM).hasSize(1);
        assertThat(f.statement(anna)).filteredOn(e -> e.type() == EntryType.EARN).hasSize(1);
        assertThat(f.balance(anna).available()).isEqualTo(1_000 - 100 + 45);
    }

    interface Call<T> {
        T run(int thread, int iteration);
    }

    static <T> List<T> race(int threads, int perThread, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<T>> task = () -> {
                    start.await();
                    List<T> results = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        results.add(call.run(thread, i));
                    }
                    return results;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<List<T>> future : futures) {
                all.addAll(future.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
