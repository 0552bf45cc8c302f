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
 * and commits — a bare insert-and-commit's two; one more is headroom (in-transaction listeners). The
 * other databases run the portable path (a statement per table).
 */
class RoundTripBudgetTest {

    /**
     * Read; the held writes with the member-statistics UPDATE after them (its row count tells whether a member
     * registered before schema V2 needs a statistics row first); the statistics day row with the commit.
     */
    static final int POSTGRESQL_PURCHASE = 3;
    /** Sale check, lock, state, six table writes, two statistics writes, commit. */
    static final int PORTABLE_PURCHASE = 12;
    /** A replay reads the stored sale and ends the transaction. */
    static final int REPLAY = 2;

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
        int replay = counter.count();

        System.out.printf("%s: purchase %d round trips %s, replay %d%n", kind, purchase, purchaseLog, replay);
        assertThat(receipt.calculation().pointsApplied()).isEqualTo(10);
        assertThat(receipt.calculation().pointsEarned()).isPositive();
        int budget = kind == TestDatabases.Kind.POSTGRESQL ? POSTGRESQL_PURCHASE : PORTABLE_PURCHASE;
        assertThat(purchase).as("round trips of a purchase on %s: %s", kind, purchaseLog).isLessThanOrEqualTo(budget);
        assertThat(replay).as("round trips of a replay on %s: %s", kind, counter.log()).isLessThanOrEqualTo(REPLAY);
    }

    private static PurchaseRequest receipt(MemberId member) {
        return PurchaseRequest.of(MemberRef.id(member), "store-1", List.of(Line.of("1", "TONER", 1, 1_990_00),
                Line.of("2", "BRUSH", 2, 350_00))).withPoints(PointsToApply.exactly(10));
    }
}
