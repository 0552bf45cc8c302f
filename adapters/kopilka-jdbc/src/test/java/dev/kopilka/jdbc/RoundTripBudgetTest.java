package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How many times a purchase goes to the database. Each round trip costs a till 0.3–1.3 ms against a server on
 * the same small machine and far more across a network, so the count is a budget this test holds: a change
 * that adds a statement to the hot path fails here, long before a benchmark would show it.
 *
 * <p>A purchase on PostgreSQL: one round trip locks the member and reads their whole state, one writes everything
 * and commits — a bare insert-and-commit's two. The other databases run the portable path (a statement per
 * table).
 */
class RoundTripBudgetTest {

    /**
     * Read (lock, ledger and whether the member has a statistics row); every write, the statistics included, with
     * the commit.
     */
    static final int POSTGRESQL_PURCHASE = 2;
    /** Sale check, lock, state, six table writes, two statistics writes, commit. */
    static final int PORTABLE_PURCHASE = 12;
    /** A replay the instance has not seen committed reads the stored sale and ends the transaction. */
    static final int REPLAY = 2;
    /** A replay of a purchase this instance committed is answered from its replay cache. */
    static final int CACHED_REPLAY = 0;

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aPurchaseStaysWithinItsRoundTrips(TestDatabases.Kind kind) {
        RoundTripCounter counter = new RoundTripCounter(TestDatabases.dataSource(kind));
        Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", "rt-" + UUID.randomUUID(),
                "kopilka.earning.delay", "P1D", "kopilka.redemption.max-percent", "30")))
                .store(JdbcStore.builder(counter).build()).build();
        ProgramId p = k.program();
        MemberId member = k.members().register(p, Registration.withPhone("+79990001122")).orElseThrow().id();
        k.ledger().grant(p, MemberRef.id(member), Grant.of(1_000, LotSource.WELCOME, "welcome")).orElseThrow();
        k.checkout().purchase(p, "first", receipt(member)).orElseThrow(); // the account row exists from here on

        counter.reset();
        PurchaseReceipt receipt = k.checkout().purchase(p, "second", receipt(member)).orElseThrow();
        int purchase = counter.count();
        List<String> purchaseLog = counter.log();

        counter.reset();
        assertThat(k.checkout().purchase(p, "second", receipt(member)).orElseThrow()).isEqualTo(receipt);
        int cachedReplay = counter.count();

        // another instance (or this one after a restart) has not seen the purchase: it asks the database
        Kopilka other = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", p.value(),
                "kopilka.earning.delay", "P1D", "kopilka.redemption.max-percent", "30")))
                .store(JdbcStore.builder(counter).migrate(false).build()).build();
        counter.reset();
        assertThat(other.checkout().purchase(p, "second", receipt(member)).orElseThrow()).isEqualTo(receipt);
        int replay = counter.count();
        List<String> replayLog = counter.log();

        System.out.printf("%s: purchase %d round trips %s, replay %d %s, cached replay %d%n", kind, purchase,
                purchaseLog, replay, replayLog, cachedReplay);
        assertThat(receipt.calculation().pointsApplied()).isEqualTo(10);
        assertThat(receipt.calculation().pointsEarned()).isPositive();
        int budget = kind == TestDatabases.Kind.POSTGRESQL ? POSTGRESQL_PURCHASE : PORTABLE_PURCHASE;
        assertThat(purchase).as("round trips of a purchase on %s: %s", kind, purchaseLog).isLessThanOrEqualTo(budget);
        assertThat(replay).as("round trips of a replay on %s: %s", kind, replayLog).isLessThanOrEqualTo(REPLAY);
        assertThat(cachedReplay).as("round trips of a cached replay on %s", kind).isEqualTo(CACHED_REPLAY);
    }

    private static PurchaseRequest receipt(MemberId member) {
        return PurchaseRequest.of(MemberRef.id(member), "store-1", List.of(Line.of("1", "TONER", 1, 1_990_00),
                Line.of("2", "BRUSH", 2, 350_00))).withPoints(PointsToApply.exactly(10));
    }
}
