package dev.kopilka.benchmarks;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An in-memory purchase at the till: {@code calculate} then {@code purchase} of a 3-line receipt that
 * redeems points under the 30% cap and earns a pending lot, for a member picked at random from the base.
 * Side by side in the same run: an idempotent replay of a stored receipt, and the floor any in-memory
 * ledger pays — one {@code ConcurrentHashMap} insert of a receipt record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PurchaseBenchmark {

    @Param({"10000"})
    public int members;

    private Kopilka kopilka;
    private ProgramId program;
    private final List<MemberId> ids = new ArrayList<>();
    private final AtomicLong receipts = new AtomicLong();
    private final Map<String, long[]> bareReceipts = new ConcurrentHashMap<>();
    private String storedTxid;
    private PurchaseRequest storedRequest;

    @Setup(Level.Trial)
    public void setUp() {
        kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of(
                "kopilka.earning.delay", "P1D",
                "kopilka.earning.expire-after-inactivity", "P1Y",
                "kopilka.redemption.max-percent", "30"))).build();
        program = kopilka.program();
        for (int i = 0; i < members; i++) {
            MemberId id = kopilka.members().register(program,
                    Registration.withPhone(String.format("+7999%07d", i))).orElseThrow().id();
            ids.add(id);
            kopilka.ledger().grant(program, MemberRef.id(id), Grant.of(1_000_000, LotSource.WELCOME, "w" + i))
                    .orElseThrow();
        }
        storedTxid = "stored";
        storedRequest = receipt(ids.get(0));
        kopilka.checkout().purchase(program, storedTxid, storedRequest).orElseThrow();
    }

    private static PurchaseRequest receipt(MemberId member) {
        return PurchaseRequest.of(MemberRef.id(member), "store-1", List.of(
                Line.of("1", "TONER", 1, 1_990_00),
                Line.of("2", "BRUSH", 2, 350_00),
                Line.of("3", "GIFT", 1, 1_000_00).asNoEarn()))
                .withPoints(PointsToApply.max());
    }

    @Benchmark
    public PurchaseReceipt calculateAndPurchase() {
        MemberId member = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        PurchaseRequest request = receipt(member);
        Calculation preview = kopilka.checkout().calculate(program, request).orElseThrow();
        if (preview.pointsApplied() == 0) {
            throw new IllegalStateException("benchmark members ran out of points");
        }
        return kopilka.checkout().purchase(program, "b" + receipts.incrementAndGet(), request).orElseThrow();
    }

    @Benchmark
    public PurchaseReceipt idempotentReplay() {
        return kopilka.checkout().purchase(program, storedTxid, storedRequest).orElseThrow();
    }

    @Benchmark
    public long[] baselineMapInsert() {
        long[] record = {receipts.incrementAndGet(), 1_990_00, 700_00};
        bareReceipts.put("b" + record[0], record);
        return record;
    }
}
