package dev.kopilka.testkit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.campaign.Participation;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoDiscount;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retailer 1, the tools chain: every scenario of its preset along a synthetic timeline. */
class ToolsChainPresetTest {

    private static final String NO_CAP = "kopilka.campaigns.frequency-cap.messages";

    private final Timeline t = new Timeline("2026-03-02T10:00", Timeline.preset("tools-chain", NO_CAP, "0"));

    @Test
    void welcomeCodeOf500RubAtRegistrationAndAReminderThreeDaysLaterWhenUnused() {
        MemberId anna = t.registerTreated("welcome-code");

        List<PromoCode> codes = t.codes(anna);
        assertThat(codes).hasSize(1);
        PromoCode code = codes.get(0);
        assertThat(code.discount()).isEqualTo(PromoDiscount.rubles(500));
        assertThat(code.maxUses()).isEqualTo(1);
        assertThat(code.validUntil()).isEqualTo(t.clock.zonedNow().plusDays(30).toInstant());
        List<OutboxMessage> welcome = t.messages(anna, "welcome-code");
        assertThat(welcome).hasSize(1);
        assertThat(welcome.get(0).purpose()).isEqualTo(MessagePurpose.MARKETING);
        assertThat(welcome.get(0).notBefore()).isEqualTo(t.clock.instant());
        assertThat(welcome.get(0).text()).contains(code.code()).contains("500.00 RUB").contains("01.04.2026");

        t.liveDays(2);
        assertThat(t.messages(anna, "welcome-code")).hasSize(1);
        t.liveDays(1);
        List<OutboxMessage> after = t.messages(anna, "welcome-code");
        assertThat(after).hasSize(2);
        OutboxMessage reminder = after.get(1);
        assertThat(reminder.dedupeKey()).endsWith(":f1");
        assertThat(reminder.text()).startsWith("Напоминаем").contains(code.code());
        assertThat(reminder.notBefore()).isEqualTo(LocalDateTime.parse("2026-03-05T10:00").atZone(Timeline.zone())
                .toInstant());

        t.liveDays(5);
        assertThat(t.messages(anna, "welcome-code")).as("one reminder, never repeated").hasSize(2);
    }

    @Test
    void noReminderWhenTheWelcomeCodeWasUsed() {
        MemberId boris = t.registerTreated("welcome-code");
        String code = t.codes(boris).get(0).code();
        t.clock.advanceDays(1);
        t.kopilka.checkout().purchase(t.program, "with-code", dev.kopilka.checkout.PurchaseRequest.of(
                MemberRef.id(boris), "store-7", List.of(dev.kopilka.checkout.Line.of("1", "SKU", 1, 300_000)))
                .withPromoCode(code)).orElseThrow();

        t.liveDays(5);

        assertThat(t.messages(boris, "welcome-code")).hasSize(1);
    }

    @Test
    void welcomeAtNightIsDeferredToTheEndOfQuietHoursNotDropped() {
        t.clock.advance(Duration.ofHours(12)); // 22:00 Moscow
        MemberId owl = t.registerTreated("welcome-code");

        OutboxMessage m = t.messages(owl, "welcome-code").get(0);

        assertThat(m.createdAt()).isEqualTo(t.clock.instant());
        assertThat(m.notBefore()).isEqualTo(LocalDateTime.parse("2026-03-03T09:00").atZone(Timeline.zone()).toInstant());
    }

    @Test
    void birthdayGives500PointsValidForSevenDaysOnTheDay() {
        MemberId vera = t.registerTreated("birthday");
        t.kopilka.members().setBirthday(t.program, MemberRef.id(vera), LocalDate.of(1990, 3, 4)).orElseThrow();

        t.sweepToday();
        assertThat(t.messages(vera, "birthday")).isEmpty();
        t.liveDays(1); // 2026-03-03
        assertThat(t.messages(vera, "birthday")).isEmpty();
        t.liveDays(1); // 2026-03-04, the birthday

        Lot lot = t.lots(vera).stream().filter(l -> l.source() == LotSource.CAMPAIGN).findFirst().orElseThrow();
        assertThat(lot.points()).isEqualTo(500);
        assertThat(lot.expiresAt()).isEqualTo(t.clock.zonedNow().plusDays(7).toInstant());
        OutboxMessage m = t.messages(vera, "birthday").get(0);
        assertThat(m.text()).contains("Анна").contains("500").contains("11.03.2026");
        assertThat(m.expiresAt()).isEqualTo(m.notBefore().plus(Duration.ofDays(1)));

        t.liveDays(1);
        t.kopilka.campaigns().sweep(t.program, LocalDate.of(2026, 3, 4));
        assertThat(t.lots(vera).stream().filter(l -> l.source() == LotSource.CAMPAIGN)).hasSize(1);
    }

    @Test
    void reactivationGives250PointsForTenDaysAfter90DaysWithoutPurchaseOncePerLapse() {
        MemberId gleb = t.registerTreated("reactivation");
        t.buy(gleb, 1000);

        t.liveDays(89);
        assertThat(t.participations(gleb, "reactivation")).isEmpty();
        t.liveDays(1); // 90 days without a purchase

        List<Participation> p = t.participations(gleb, "reactivation");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).pointsGranted()).isEqualTo(250);
        assertThat(p.get(0).grantExpiresAt()).isEqualTo(t.clock.zonedNow().plusDays(10).toInstant());
        assertThat(t.messages(gleb, "reactivation").get(0).text()).contains("250").contains("10.06.2026");
        assertThat(t.lots(gleb).stream().filter(l -> l.source() == LotSource.CAMPAIGN).map(Lot::expiresAt))
                .containsExactly(p.get(0).grantExpiresAt());

        t.liveDays(10);
        assertThat(t.participations(gleb, "reactivation")).as("one reward per lapse").hasSize(1);

        t.buy(gleb, 500);
        t.liveDays(90);
        assertThat(t.participations(gleb, "reactivation")).as("a new lapse is a new occurrence").hasSize(2);
    }

    @Test
    void thankYouAfterEachPurchaseWithTheBalanceIsTransactionalAndNotDeferredAtNight() {
        MemberId dina = t.registerTreated("thank-you");
        t.clock.advance(Duration.ofHours(13)); // 23:00
        t.buy(dina, 2000);
        t.buy(dina, 1000);

        List<OutboxMessage> thanks = t.messages(dina, "thank-you");
        assertThat(thanks).hasSize(2);
        long balance = t.balance(dina).available();
        assertThat(thanks.get(1).purpose()).isEqualTo(MessagePurpose.TRANSACTIONAL);
        assertThat(thanks.get(1).notBefore()).isEqualTo(t.clock.instant());
        assertThat(thanks.get(1).text()).contains("store-7").contains("баланс: " + balance + " бонусов");
    }

    @Test
    void membersHeldOutInTheControlGroupGetNothingAndAreRecorded() {
        MemberId held = t.registerControl("welcome-code");

        assertThat(t.codes(held)).isEmpty();
        assertThat(t.messages(held, "welcome-code")).isEmpty();
        assertThat(t.participations(held, "welcome-code")).singleElement()
                .satisfies(p -> assertThat(p.group()).isEqualTo(Participation.Group.CONTROL));
        t.liveDays(4);
        assertThat(t.messages(held, "welcome-code")).as("no follow-up for the control group").isEmpty();
    }

    @Test
    void aboutTenPercentOfTheBaseIsHeldOutStablyPerCampaign() {
        for (int i = 0; i < 400; i++) {
            t.register(t.newcomer());
        }
        List<Participation> all = t.kopilka.campaigns().participations(t.program, "welcome-code");
        long control = all.stream().filter(p -> p.group() == Participation.Group.CONTROL).count();
        assertThat(all).hasSize(400);
        assertThat(control).isBetween(20L, 60L);
        all.forEach(p -> assertThat(t.campaign("welcome-code").inControlGroup(p.member()))
                .isEqualTo(p.group() == Participation.Group.CONTROL));
    }
}
