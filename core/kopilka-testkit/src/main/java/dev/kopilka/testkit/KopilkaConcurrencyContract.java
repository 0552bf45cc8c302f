package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.store.port.KopilkaStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tills racing on one store, checked through the whole engine: 32 tills spending one member's points never
 * overspend, and 32 tills sending one receipt write it once. Extend it with {@link #createStore()} for a store.
 */
public abstract class KopilkaConcurrencyContract {

    private static final int TILLS = 32;

    /** A store shared by all tills of one test (each test uses its own program). */
    protected abstract KopilkaStore createStore();

    private Kopilka kopilka() {
        return Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", "race-" + UUID.randomUUID(),
                "kopilka.earning.delay", "P0D", "kopilka.redemption.max-percent", "30")))
                .store(createStore()).build();
    }

    @Test
    void thirtyTwoTillsSpendingOneMembersPointsNeverOverspend() throws Exception {
        Kopilka k = kopilka();
        MemberId anna = k.members().register(k.program(), Registration.withPhone("+79991234567")).orElseThrow().id();
        k.ledger().grant(k.program(), MemberRef.id(anna), Grant.of(300, LotSource.MANUAL, "g")).orElseThrow();

        List<Outcome<PurchaseReceipt>> outcomes = race(TILLS, 3, (t, i) -> k.checkout().purchase(k.program(),
                "t" + t + "-" + i, PurchaseRequest.of(MemberRef.id(anna), "s" + t,
                        List.of(Line.of("1", "A", 1, 100_000).asNoEarn())).withPoints(PointsToApply.exactly(10))));

        assertThat(outcomes.stream().filter(Outcome::isAccepted).count()).isEqualTo(30);
        assertThat(outcomes).filteredOn(o -> !o.isAccepted())
                .allSatisfy(o -> assertThat(o.refusal()).isInstanceOf(Refusal.RedemptionAboveLimit.class));
        assertThat(k.ledger().balance(k.program(), MemberRef.id(anna)).orElseThrow().available()).isZero();
        List<LedgerEntry> statement = k.ledger().statement(k.program(), MemberRef.id(anna)).orElseThrow();
        assertThat(statement.stream().mapToLong(LedgerEntry::points).sum()).isZero();
        assertThat(statement).filteredOn(e -> e.type() == EntryType.REDEEM).hasSize(30);
        List<Lot> lots = k.ledger().lots(k.program(), MemberRef.id(anna)).orElseThrow();
        assertThat(lots).allSatisfy(l -> assertThat(l.remaining()).isBetween(1L, l.points()));
    }

    @Test
    void thirtyTwoTillsSendingOneReceiptWriteItOnceAndAgree() throws Exception {
        Kopilka k = kopilka();
        MemberId anna = k.members().register(k.program(), Registration.withPhone("+79991234567")).orElseThrow().id();
        MemberId boris = k.members().register(k.program(), Registration.withPhone("+79997654321")).orElseThrow().id();
        PurchaseRequest request = PurchaseRequest.of(MemberRef.id(anna), "s1", List.of(Line.of("1", "A", 1, 100_000)));
        // half the tills wrongly send it for another member: they must get a conflict, never a store error
        PurchaseRequest other = PurchaseRequest.of(MemberRef.id(boris), "s1", List.of(Line.of("1", "A", 1, 100_000)));

        List<Outcome<PurchaseReceipt>> outcomes = race(TILLS, 1,
                (t, i) -> k.checkout().purchase(k.program(), "same", t % 2 == 0 ? request : other));

        List<PurchaseReceipt> accepted = outcomes.stream().filter(Outcome::isAccepted).map(Outcome::orElseThrow).toList();
        assertThat(new HashSet<>(accepted)).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.isAccepted())
                .allSatisfy(o -> assertThat(o.refusal()).isInstanceOf(Refusal.ConflictingRetry.class));
        MemberId winner = accepted.get(0).member();
        assertThat(k.ledger().statement(k.program(), MemberRef.id(winner)).orElseThrow())
                .filteredOn(e -> e.type() == EntryType.EARN).hasSize(1);
    }

    /** One call of one till. */
    public interface Call<T> {
        T run(int till, int iteration);
    }

    /** Starts {@code tills} threads at the same instant, each making {@code perTill} calls; all results. */
    public static <T> List<T> race(int tills, int perTill, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tills);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < tills; t++) {
                int till = t;
                Callable<List<T>> task = () -> {
                    start.await();
                    List<T> results = new ArrayList<>();
                    for (int i = 0; i < perTill; i++) {
                        results.add(call.run(till, i));
                    }
                    return results;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<List<T>> f : futures) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
