package dev.kopilka.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.Fixture;
import dev.kopilka.InvalidRequestException;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.CheckoutEvents.PurchaseCompleted;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.LedgerEvents.PointsEarned;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurchaseTest {

    private final Fixture f = new Fixture(Fixture.cosmetics());
    private final MemberId anna = f.register("+7 999 123-45-67");

    @Test
    void earnsRateTimesReceiptRoundedDownPendingForTheAccrualDelay() {
        PurchaseReceipt receipt = f.buy(anna, 1_234_99); // 1,234.99 RUB at 5% = 61.7495 points

        assertThat(receipt.calculation().pointsEarned()).isEqualTo(61);
        assertThat(receipt.earnedActivateAt()).isEqualTo(f.now().plus(Duration.ofDays(1)));
        Balance balance = f.balance(anna);
        assertThat(balance.available()).isZero();
        assertThat(balance.pending()).isEqualTo(61);
        assertThat(balance.nextPendingAt()).isEqualTo(f.now().plus(Duration.ofDays(1)));

        f.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(f.balance(anna).available()).isZero();
        f.advance(Duration.ofSeconds(1));
        assertThat(f.balance(anna).available()).isEqualTo(61);
        assertThat(f.balance(anna).pending()).isZero();
    }

    @Test
    void pointsPayAtMostThirtyPercentAndEarnOnlyOnTheMoneyPart() {
        f.grant(anna, 1_000);
        Calculation calc = f.checkout().calculate(f.program, request(100_000, PointsToApply.max())).orElseThrow();

        assertThat(calc.maxPointsAllowed()).isEqualTo(300);
        assertThat(calc.pointsApplied()).isEqualTo(300);
        assertThat(calc.toPay()).isEqualTo(70_000);
        assertThat(calc.pointsEarned()).isEqualTo(35); // 5% of 700 RUB, not of 1,000 RUB
    }

    @Test
    void aRequestAboveTheCapIsRefusedAndWritesNothing() {
        f.grant(anna, 1_000);
        int entriesBefore = f.statement(anna).size();

        Outcome<PurchaseReceipt> outcome = f.checkout().purchase(f.program, "r-cap", request(100_000, PointsToApply.exactly(301)));

        assertThat(outcome.refusal()).isEqualTo(new Refusal.RedemptionAboveLimit(301, 300, 1_000));
        assertThat(outcome.refusal().maxmaCode()).isEqualTo(6);
        assertThat(f.statement(anna)).hasSize(entriesBefore);
        assertThat(f.balance(anna).available()).isEqualTo(1_000);
        // The refused txid is not burnt: the corrected request goes through.
        assertThat(f.checkout().purchase(f.program, "r-cap", request(100_000, PointsToApply.exactly(300))).isAccepted()).isTrue();
    }

    @Test
    void theCapIsAlsoTheAvailableBalance() {
        f.grant(anna, 120);
        Calculation calc = f.checkout().calculate(f.program, request(100_000, PointsToApply.max())).orElseThrow();
        assertThat(calc.maxPointsAllowed()).isEqualTo(120);
        assertThat(calc.availablePoints()).isEqualTo(120);
    }

    @Test
    void noRedeemLinesAndMinimumPricesLimitPointsNoEarnLinesEarnNothing() {
        f.grant(anna, 10_000);
        PurchaseRequest request = new PurchaseRequest(MemberRef.id(anna), "store-1", List.of(
                Line.of("cream", "SKU-CREAM", 1, 50_000).withMinAmount(45_000),
                Line.of("tobacco", "SKU-TOB", 1, 30_000).asNoRedeem().asNoEarn(),
                Line.of("gift", "GIFT-CARD", 1, 20_000).asNoEarn()),
                PointsToApply.max(), null);

        Calculation calc = f.checkout().calculate(f.program, request).orElseThrow();

        // cap 30% of 1,000 RUB = 300 points, but cream may lose only 50 RUB and tobacco none: 50 + 200 = 250
        assertThat(calc.maxPointsAllowed()).isEqualTo(250);
        assertThat(calc.line("cream").pointsApplied()).isEqualTo(50);
        assertThat(calc.line("tobacco").pointsApplied()).isZero();
        assertThat(calc.line("gift").pointsApplied()).isEqualTo(200);
        assertThat(calc.line("cream").toPay()).isEqualTo(45_000);
        // earning base: only cream's 450 RUB; tobacco and the gift card are no-earn
        assertThat(calc.pointsEarned()).isEqualTo(22);
        assertThat(calc.line("tobacco").pointsEarned()).isZero();
    }

    @Test
    void pointsAreSplitOverLinesInWholePointsThatAddUp() {
        f.grant(anna, 10_000);
        PurchaseRequest request = new PurchaseRequest(MemberRef.id(anna), "store-1", List.of(
                Line.of("a", "A", 1, 33_333), Line.of("b", "B", 1, 33_333), Line.of("c", "C", 1, 33_334)),
                PointsToApply.exactly(100), null);
        Calculation calc = f.checkout().calculate(f.program, request).orElseThrow();
        assertThat(calc.lines()).extracting(LineCalculation::pointsApplied).containsExactly(34L, 33L, 33L);
        assertThat(calc.lines().stream().mapToLong(LineCalculation::toPay).sum()).isEqualTo(calc.toPay());
        assertThat(calc.toPay()).isEqualTo(100_000 - 100 * 100);
    }

    @Test
    void calculateIsAPreviewWithoutSideEffects() {
        f.grant(anna, 500);
        List<dev.kopilka.event.DomainEvent> eventsBefore = List.copyOf(f.events);
        for (int i = 0; i < 3; i++) {
            f.checkout().calculate(f.program, request(100_000, PointsToApply.max())).orElseThrow();
        }
        assertThat(f.balance(anna).available()).isEqualTo(500);
        assertThat(f.events).containsExactlyElementsOf(eventsBefore);
    }

    @Test
    void anonymousCalculationUsesTheBaseTierAndNoPoints() {
        Calculation calc = f.checkout().calculate(f.program,
                new PurchaseRequest(null, "store-1", List.of(Line.of("1", "A", 1, 10_000)), PointsToApply.max(), null))
                .orElseThrow();
        assertThat(calc.member()).isNull();
        assertThat(calc.pointsApplied()).isZero();
        assertThat(calc.pointsEarned()).isZero();
        assertThat(calc.tier()).isEqualTo("base");
    }

    @Test
    void aPurchaseWithoutMemberIsABadRequest() {
        assertThatThrownBy(() -> f.checkout().purchase(f.program, "r1",
                new PurchaseRequest(null, "store-1", List.of(Line.of("1", "A", 1, 10_000)), null, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("member");
    }

    @Test
    void badLinesNameFieldRuleAndValue() {
        assertThatThrownBy(() -> Line.of("1", "A", 1, -5))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("line[1].amount");
                    assertThat(e.rule()).isEqualTo("must not be negative");
                    assertThat(e.value()).isEqualTo(-5L);
                });
        assertThatThrownBy(() -> new PurchaseRequest(MemberRef.id(anna), "s", List.of(Line.of("1", "A", 1, 5),
                Line.of("1", "B", 1, 5)), null, null))
                .hasMessageContaining("line.id").hasMessageContaining("unique");
        assertThatThrownBy(() -> new Line("1", "A", null, BigDecimal.ZERO, 5, 0, false, false, false))
                .hasMessageContaining("quantity");
    }

    @Test
    void unknownAndBlockedMembersAreRefused() {
        Outcome<PurchaseReceipt> unknown = f.checkout().purchase(f.program, "r1",
                PurchaseRequest.of(MemberRef.phone("+79990000000"), "store-1", List.of(Line.of("1", "A", 1, 100))));
        assertThat(unknown.refusal()).isInstanceOf(Refusal.MemberNotFound.class);
        assertThat(unknown.refusal().maxmaCode()).isEqualTo(3);

        f.kopilka.members().block(f.program, MemberRef.id(anna), "fraud");
        Outcome<PurchaseReceipt> blocked = f.checkout().purchase(f.program, "r2", request(100, PointsToApply.none()));
        assertThat(blocked.refusal()).isEqualTo(new Refusal.MemberBlocked(anna));
    }

    @Test
    void aPurchaseIsFoundByAnyPhoneFormat() {
        PurchaseReceipt receipt = f.checkout().purchase(f.program, "r1",
                PurchaseRequest.of(MemberRef.phone("8 (999) 123-45-67"), "store-1", List.of(Line.of("1", "A", 1, 100_00))))
                .orElseThrow();
        assertThat(receipt.member()).isEqualTo(anna);
    }

    @Test
    void eventsArePublishedAfterCommitInOrder() {
        f.events.clear();
        f.buy(anna, 100_000);
        assertThat(f.events).hasAtLeastOneElementOfType(PointsEarned.class).hasAtLeastOneElementOfType(PurchaseCompleted.class);
        PurchaseCompleted completed = (PurchaseCompleted) f.events.stream().filter(e -> e instanceof PurchaseCompleted)
                .findFirst().orElseThrow();
        assertThat(completed.pointsEarned()).isEqualTo(50);
        assertThat(completed.total()).isEqualTo(100_000);
    }

    @Test
    void aFailingListenerDoesNotUndoThePurchase() {
        f.kopilka.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        PurchaseReceipt receipt = f.buy(anna, 100_000);
        assertThat(receipt.calculation().pointsEarned()).isEqualTo(50);
        assertThat(f.balance(anna).pending()).isEqualTo(50);
    }

    @Test
    void oneShotRedemptionIsRecordedWithTheLotsItConsumed() {
        f.grant(anna, 100);
        f.advanceDays(1);
        f.grant(anna, 100);
        f.buy(anna, 100_000, PointsToApply.exactly(150));
        var redeem = f.statement(anna).stream().filter(e -> e.type() == EntryType.REDEEM).findFirst().orElseThrow();
        assertThat(redeem.points()).isEqualTo(-150);
        assertThat(redeem.consumptions()).extracting(c -> c.points()).containsExactly(100L, 50L);
    }

    @Test
    void differentProgramsDoNotSeeEachOther() {
        var other = dev.kopilka.ProgramId.of("other-retailer");
        Outcome<PurchaseReceipt> outcome = f.checkout().purchase(other, "r1",
                PurchaseRequest.of(MemberRef.id(anna), "store-1", List.of(Line.of("1", "A", 1, 100))));
        assertThat(outcome.refusal()).isInstanceOf(Refusal.MemberNotFound.class);
    }

    private PurchaseRequest request(long kopecks, PointsToApply points) {
        return PurchaseRequest.of(MemberRef.id(anna), "store-1", List.of(Line.of("1", "SKU-1", 1, kopecks)))
                .withPoints(points);
    }

}
