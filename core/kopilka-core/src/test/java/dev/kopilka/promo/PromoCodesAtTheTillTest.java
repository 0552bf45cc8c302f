package dev.kopilka.promo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Fixture;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.Ticket;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromoCodesAtTheTillTest {

    private final Fixture f = new Fixture(Fixture.immediate());
    private final MemberId anna = f.register("+79991234567");
    private final PromoCodes promos = f.kopilka.promoCodes();

    private PurchaseRequest receipt(long kopecks, String code) {
        return PurchaseRequest.of(MemberRef.id(anna), "s1", List.of(Line.of("1", "A", 1, kopecks))).withPromoCode(code);
    }

    @Test
    void theWelcomeCodeTakes500RoublesOffEarnsOnTheRestAndWorksOnce() {
        PromoCode code = promos.create(f.program, PromoCodeSpec.personal(anna, PromoDiscount.rubles(500))
                .validFor(Period.ofDays(30)).origin("welcome-500")).orElseThrow();
        assertThat(code.validUntil()).isEqualTo(f.now().atZone(f.clock.getZone()).plusDays(30).toInstant());

        PurchaseReceipt r = f.checkout().purchase(f.program, "r1", receipt(200_000, code.code())).orElseThrow();

        assertThat(r.calculation().promoDiscount()).isEqualTo(50_000);
        assertThat(r.calculation().toPay()).isEqualTo(150_000);
        assertThat(r.calculation().pointsEarned()).isEqualTo(75); // 5% of 1,500 RUB, not of 2,000
        assertThat(promos.uses(f.program, code.code())).singleElement().satisfies(u -> assertThat(u.txid()).isEqualTo("r1"));
        assertThat(f.events).anySatisfy(e -> assertThat(e).isInstanceOf(PromoCodeRedeemed.class));

        Outcome<PurchaseReceipt> again = f.checkout().purchase(f.program, "r2", receipt(200_000, code.code()));
        assertThat(again.refusal().code()).isEqualTo("promo_used_up");
        assertThat(again.refusal().maxmaCode()).isEqualTo(35);
    }

    @Test
    void theRepeatPurchaseCodeNeedsItsMinimumReceipt() {
        promos.create(f.program, PromoCodeSpec.publicCode("REPEAT12", PromoDiscount.percent(12)).minReceipt(600_000))
                .orElseThrow();
        Calculation below = f.checkout().calculate(f.program, receipt(599_999, "repeat12")).orElseThrow();
        assertThat(below.promoRefusal().code()).isEqualTo("promo_conditions_not_met");
        assertThat(below.promoDiscount()).isZero();
        assertThat(f.checkout().purchase(f.program, "r1", receipt(599_999, "repeat12")).refusal().maxmaCode()).isEqualTo(34);
        Calculation at = f.checkout().calculate(f.program, receipt(600_000, "REPEAT12")).orElseThrow();
        assertThat(at.promoDiscount()).isEqualTo(72_000);
    }

    @Test
    void aCodeThatExcludesPointsRefusesAPaymentWithPoints() {
        f.grant(anna, 1_000);
        promos.create(f.program, PromoCodeSpec.publicCode("NOPOINTS", PromoDiscount.percent(10)).withoutPoints()).orElseThrow();
        Outcome<PurchaseReceipt> o = f.checkout().purchase(f.program, "r1",
                receipt(100_000, "NOPOINTS").withPoints(PointsToApply.exactly(100)));
        assertThat(o.refusal()).isEqualTo(new Refusal.PromoExcludesPoints("NOPOINTS"));
        Calculation max = f.checkout().calculate(f.program, receipt(100_000, "NOPOINTS").withPoints(PointsToApply.max()))
                .orElseThrow();
        assertThat(max.pointsApplied()).isZero();
        assertThat(max.refusal()).isNull();
    }

    @Test
    void noPromoLinesKeepTheirPriceAndUnknownCodesAreNamed() {
        promos.create(f.program, PromoCodeSpec.publicCode("SPRING", PromoDiscount.percent(10))).orElseThrow();
        Calculation c = f.checkout().calculate(f.program, new PurchaseRequest(MemberRef.id(anna), "s1", List.of(
                Line.of("1", "A", 1, 100_000), Line.of("2", "TOBACCO", 1, 50_000).asNoPromo()), null, "SPRING")).orElseThrow();
        assertThat(c.line("1").promoDiscount()).isEqualTo(10_000);
        assertThat(c.line("2").promoDiscount()).isZero();
        Outcome<PurchaseReceipt> unknown = f.checkout().purchase(f.program, "r1", receipt(100, "AUTUMN"));
        assertThat(unknown.refusal().code()).isEqualTo("promo_not_found");
        assertThat(unknown.refusal().maxmaCode()).isEqualTo(33);
    }

    @Test
    void aHeldCodeUsedElsewhereMeanwhileStopsTheConfirmation() {
        PromoCode code = promos.create(f.program, PromoCodeSpec.personal(anna, PromoDiscount.percent(15))).orElseThrow();
        Ticket ticket = f.checkout().hold(f.program, "h1", receipt(100_000, code.code())).orElseThrow();
        f.checkout().purchase(f.program, "r1", receipt(50_000, code.code())).orElseThrow();

        Outcome<PurchaseReceipt> confirm = f.checkout().confirm(f.program, ticket.ticket());
        assertThat(confirm.refusal().code()).isEqualTo("promo_used_up");
        assertThat(f.checkout().discard(f.program, ticket.ticket()).isAccepted()).isTrue();
    }

    @Test
    void codesAreUniqueAndPersonalOnesNeedAnExistingMember() {
        promos.create(f.program, PromoCodeSpec.publicCode("SPRING", PromoDiscount.percent(10))).orElseThrow();
        assertThat(promos.create(f.program, PromoCodeSpec.publicCode("spring", PromoDiscount.percent(5))).refusal())
                .isEqualTo(new Refusal.DuplicatePromoCode("SPRING"));
        assertThat(promos.create(f.program, PromoCodeSpec.personal(MemberId.of("ghost"), PromoDiscount.percent(5)))
                .refusal()).isInstanceOf(Refusal.MemberNotFound.class);
        assertThat(promos.ownedBy(f.program, anna)).isEmpty();
        promos.create(f.program, PromoCodeSpec.personal(anna, PromoDiscount.percent(5))).orElseThrow();
        assertThat(promos.ownedBy(f.program, anna)).hasSize(1);
        assertThat(promos.check(f.program, "nothing", anna, 100)).isEqualTo(new PromoCheck.NotFound("NOTHING"));
    }
}
