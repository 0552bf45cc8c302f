package dev.kopilka.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Fixture;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReturnTest {

    @Test
    void aFullReturnGivesBackRedeemedPointsAndTakesBackEarnedOnes() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        f.grant(anna, 500);
        PurchaseReceipt sale = f.buy(anna, 100_000, PointsToApply.exactly(300));
        assertThat(f.balance(anna).available()).isEqualTo(235);

        ReturnReceipt ret = f.checkout().applyReturn(f.program, "ret-1",
                ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("1", 1)))).orElseThrow();

        assertThat(ret.calculation().pointsRestored()).isEqualTo(300);
        assertThat(ret.calculation().pointsClawedBack()).isEqualTo(35);
        assertThat(ret.calculation().refundKopecks()).isEqualTo(70_000);
        assertThat(ret.clawedFromPoints()).isEqualTo(35);
        assertThat(f.balance(anna).available()).isEqualTo(500);
        assertThat(f.kopilka.ledger().lots(f.program, MemberRef.id(anna)).orElseThrow())
                .extracting(l -> l.remaining()).containsExactly(500L);
    }

    @Test
    void returnsInThirdsAddUpToExactlyWhatWasBought() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        f.grant(anna, 1_000);
        PurchaseReceipt sale = f.checkout().purchase(f.program, "s1", PurchaseRequest.of(MemberRef.id(anna), "store-1",
                List.of(Line.of("1", "SPONGE", 3, 90_000))).withPoints(PointsToApply.exactly(100))).orElseThrow();
        assertThat(sale.calculation().pointsEarned()).isEqualTo(40);

        long restored = 0;
        long clawed = 0;
        long refunded = 0;
        for (int i = 1; i <= 3; i++) {
            ReturnReceipt r = f.checkout().applyReturn(f.program, "ret-" + i,
                    ReturnRequest.ofLines("s1", List.of(ReturnLine.of("1", 1)))).orElseThrow();
            restored += r.calculation().pointsRestored();
            clawed += r.calculation().pointsClawedBack();
            refunded += r.calculation().refundKopecks();
        }
        assertThat(restored).isEqualTo(100);
        assertThat(clawed).isEqualTo(40);
        assertThat(refunded).isEqualTo(80_000);
        assertThat(f.balance(anna).available()).isEqualTo(1_000);

        Outcome<ReturnReceipt> fourth = f.checkout().applyReturn(f.program, "ret-4",
                ReturnRequest.ofLines("s1", List.of(ReturnLine.of("1", 1))));
        assertThat(fourth.refusal()).isInstanceOf(Refusal.ReturnExceedsSale.class);
        assertThat(fourth.refusal().maxmaCode()).isEqualTo(11);
    }

    @Test
    void aReturnByAmountIsSpreadOverTheLinesByMoneyPaid() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt sale = f.buy(anna, 100_000);

        ReturnCalculation calc = f.checkout().calculateReturn(f.program, ReturnRequest.ofAmount(sale.txid(), 50_000))
                .orElseThrow();
        assertThat(calc.pointsClawedBack()).isEqualTo(25);
        assertThat(calc.refundKopecks()).isEqualTo(50_000);
        assertThat(f.balance(anna).available()).isEqualTo(50); // a preview writes nothing

        f.checkout().applyReturn(f.program, "r-half", ReturnRequest.ofAmount(sale.txid(), 50_000)).orElseThrow();
        Outcome<ReturnCalculation> tooMuch = f.checkout().calculateReturn(f.program,
                ReturnRequest.ofAmount(sale.txid(), 50_001));
        assertThat(tooMuch.refusal()).isEqualTo(new Refusal.ReturnExceedsSale(sale.txid(), "refund kopecks", "50001", "50000"));
        f.checkout().applyReturn(f.program, "r-rest", ReturnRequest.ofAmount(sale.txid(), 50_000)).orElseThrow();
        assertThat(f.balance(anna).available()).isZero();
    }

    @Test
    void returnsAreIdempotentOnTheReturnId() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt sale = f.buy(anna, 100_000);
        ReturnRequest request = ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("1", 1)));
        ReturnReceipt first = f.checkout().applyReturn(f.program, "ret-1", request).orElseThrow();

        assertThat(f.checkout().applyReturn(f.program, "ret-1", request).orElseThrow()).isEqualTo(first);
        assertThat(f.balance(anna).available()).isZero();
        assertThat(f.checkout().applyReturn(f.program, "ret-1", ReturnRequest.ofAmount(sale.txid(), 100)).refusal())
                .isInstanceOf(Refusal.ConflictingRetry.class);
    }

    @Test
    void unknownSalesAndLinesAreRefused() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt sale = f.buy(anna, 100_000);
        assertThat(f.checkout().applyReturn(f.program, "x", ReturnRequest.ofAmount("nope", 1)).refusal())
                .isEqualTo(new Refusal.SaleNotFound("nope"));
        assertThat(f.checkout().applyReturn(f.program, "x",
                ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("9", 1)))).refusal())
                .isEqualTo(new Refusal.ReturnLineNotInSale(sale.txid(), "9"));
    }

    @Test
    void aReturnBeforeActivationVoidsThePendingPoints() {
        Fixture f = new Fixture(Fixture.cosmetics());
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt sale = f.buy(anna, 100_000);
        assertThat(f.balance(anna).pending()).isEqualTo(50);

        ReturnReceipt ret = f.checkout().applyReturn(f.program, "r1",
                ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("1", 1)))).orElseThrow();

        assertThat(ret.clawedFromPoints()).isEqualTo(50);
        assertThat(ret.addedToDebt()).isZero();
        assertThat(f.balance(anna).pending()).isZero();
        f.advanceDays(2);
        assertThat(f.balance(anna).available()).isZero();
    }

    @Test
    void earnedPointsAlreadySpentMakeADebtByDefault() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt first = f.buy(anna, 100_000); // earns 50
        f.buy(anna, 100_000, PointsToApply.exactly(50)); // spends them, earns 47

        ReturnReceipt ret = f.checkout().applyReturn(f.program, "r1",
                ReturnRequest.ofLines(first.txid(), List.of(ReturnLine.of("1", 1)))).orElseThrow();

        assertThat(ret.clawedFromPoints()).isEqualTo(47);
        assertThat(ret.addedToDebt()).isEqualTo(3);
        assertThat(f.balance(anna).available()).isEqualTo(-3);
        assertThat(f.balance(anna).debt()).isEqualTo(3);

        f.buy(anna, 100_000); // the next 50 points repay the debt first
        assertThat(f.balance(anna).available()).isEqualTo(47);
        assertThat(f.balance(anna).debt()).isZero();
        assertThat(f.statement(anna)).extracting(e -> e.type()).contains(EntryType.DEBT_REPAID);
    }

    @Test
    void withTheCapPolicyTheShortfallIsRecordedInstead() {
        Map<String, String> p = Fixture.immediate();
        p.put("kopilka.returns.overspent-policy", "cap");
        Fixture f = new Fixture(p);
        MemberId anna = f.register("+79991234567");
        PurchaseReceipt first = f.buy(anna, 100_000);
        f.buy(anna, 100_000, PointsToApply.exactly(50));

        ReturnReceipt ret = f.checkout().applyReturn(f.program, "r1",
                ReturnRequest.ofLines(first.txid(), List.of(ReturnLine.of("1", 1)))).orElseThrow();

        assertThat(ret.clawedFromPoints()).isEqualTo(47);
        assertThat(ret.shortfall()).isEqualTo(3);
        assertThat(f.balance(anna).available()).isZero();
        assertThat(f.balance(anna).debt()).isZero();
    }

    @Test
    void redeemedPointsWhoseLotExpiredAreRegrantedByDefault() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        f.kopilka.ledger().grant(f.program, MemberRef.id(anna),
                Grant.of(250, LotSource.CAMPAIGN, "reactivation-1").validFor(Period.ofDays(10))).orElseThrow();
        PurchaseReceipt sale = f.buy(anna, 100_000, PointsToApply.exactly(250));
        f.advanceDays(11);

        f.checkout().applyReturn(f.program, "r1", ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("1", 1))))
                .orElseThrow();

        assertThat(f.balance(anna).available()).isEqualTo(250);
        assertThat(f.balance(anna).expiringAt()).isEqualTo(f.now().atZone(f.clock.getZone()).plusDays(30).toInstant());
    }

    @Test
    void withTheExpirePolicyTheyGoBackExpired() {
        Map<String, String> p = Fixture.immediate();
        p.put("kopilka.returns.expired-lot-policy", "expire");
        Fixture f = new Fixture(p);
        MemberId anna = f.register("+79991234567");
        f.kopilka.ledger().grant(f.program, MemberRef.id(anna),
                Grant.of(250, LotSource.CAMPAIGN, "reactivation-1").validFor(Period.ofDays(10))).orElseThrow();
        PurchaseReceipt sale = f.buy(anna, 100_000, PointsToApply.exactly(250));
        f.advanceDays(11);

        f.checkout().applyReturn(f.program, "r1", ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("1", 1))))
                .orElseThrow();

        assertThat(f.balance(anna).available()).isZero();
        assertThat(f.statement(anna)).extracting(e -> e.type()).containsSubsequence(EntryType.RESTORE, EntryType.EXPIRE);
    }

    @Test
    void partialReturnsGiveBackTheLastConsumedLotsFirst() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId anna = f.register("+79991234567");
        f.kopilka.ledger().grant(f.program, MemberRef.id(anna),
                Grant.of(100, LotSource.CAMPAIGN, "soon").validFor(Period.ofDays(10))).orElseThrow();
        f.grant(anna, 100); // never expires
        PurchaseReceipt sale = f.checkout().purchase(f.program, "s1", PurchaseRequest.of(MemberRef.id(anna), "store-1",
                List.of(Line.of("1", "A", 2, 100_000))).withPoints(PointsToApply.exactly(150))).orElseThrow();
        // consumed: 100 from "soon", 50 from the lasting lot; half returned gives back 75: 50 lasting + 25 soon
        f.checkout().applyReturn(f.program, "r1", ReturnRequest.ofLines("s1", List.of(ReturnLine.of("1", 1))))
                .orElseThrow();
        var lots = f.kopilka.ledger().lots(f.program, MemberRef.id(anna)).orElseThrow();
        assertThat(lots).extracting(l -> l.reference(), l -> l.remaining())
                .contains(org.assertj.core.groups.Tuple.tuple("soon", 25L));
        assertThat(sale.calculation().pointsApplied()).isEqualTo(150);
        f.advance(Duration.ofDays(11));
        // soon's 25 expire; the lasting 100 and half of the 42 earned remain
        assertThat(f.balance(anna).available()).isEqualTo(100 + 21);
    }
}
