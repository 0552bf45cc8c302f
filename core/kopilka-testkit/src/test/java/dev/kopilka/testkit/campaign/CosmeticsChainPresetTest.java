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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retailer 2, the cosmetics chain: every scenario of its preset along a synthetic timeline. */
class CosmeticsChainPresetTest {

    private static final String NO_CAP = "kopilka.campaigns.frequency-cap.messages";

    private final Timeline t = new Timeline("2026-03-02T10:00", Timeline.preset("cosmetics-chain", NO_CAP, "0"));

    private List<Lot> campaignLots(MemberId member) {
        return t.lots(member).stream().filter(l -> l.source() == LotSource.CAMPAIGN).toList();
    }

    @Test
    void threeHundredPointsForConnectingTelegramOnceEvenIfRelinked() {
        MemberId anna = t.registerTreated("telegram-bonus", "welcome-points");
        t.kopilka.members().linkTelegram(t.program, MemberRef.id(anna), 777_001L).orElseThrow();

        assertThat(campaignLots(anna)).extracting(Lot::points).containsExactlyInAnyOrder(299L, 300L);
        assertThat(t.messages(anna, "telegram-bonus")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("300").contains("599"));

        t.kopilka.members().unlinkTelegram(t.program, MemberRef.id(anna)).orElseThrow();
        t.kopilka.members().linkTelegram(t.program, MemberRef.id(anna), 777_002L).orElseThrow();
        assertThat(campaignLots(anna)).hasSize(2);
        assertThat(t.messages(anna, "telegram-bonus")).hasSize(1);
    }

    @Test
    void fifteenPercentBirthdayCodeTwoDaysBeforeTheBirthday() {
        MemberId vera = t.registerTreated("birthday-code");
        t.kopilka.members().setBirthday(t.program, MemberRef.id(vera), LocalDate.of(1995, 3, 10)).orElseThrow();

        t.liveDays(5); // 2026-03-07
        assertThat(t.codes(vera)).isEmpty();
        t.liveDays(1); // 2026-03-08: two days before

        PromoCode code = t.codes(vera).get(0);
        assertThat(code.discount()).isEqualTo(PromoDiscount.percent(15));
        assertThat(code.validUntil()).isEqualTo(t.clock.zonedNow().plusDays(9).toInstant());
        OutboxMessage m = t.messages(vera, "birthday-code").get(0);
        assertThat(m.text()).contains(code.code()).contains("15%");
        assertThat(m.expiresAt()).isEqualTo(m.notBefore().plus(Duration.ofDays(2)));

        t.liveDays(3);
        assertThat(t.codes(vera)).as("one code per birthday").hasSize(1);
        t.clock.set(LocalDateTime.parse("2027-03-08T10:00").atZone(Timeline.zone()).toInstant());
        t.sweepToday();
        assertThat(t.codes(vera)).filteredOn(c -> "campaign:birthday-code".equals(c.origin()))
                .as("next year's birthday is a new occurrence").hasSize(2);
    }

    @Test
    void twoHundredNinetyNineWelcomePointsToEveryNewMember() {
        MemberId boris = t.registerTreated("welcome-points");

        assertThat(campaignLots(boris)).extracting(Lot::points).containsExactly(299L);
        assertThat(t.messages(boris, "welcome-points").get(0).text()).contains("299");
    }

    @Test
    void twelvePercentCodeForAPurchaseFrom6000To10000RubAndBigReceiptPointsFrom10000() {
        MemberId gala = t.registerTreated("repeat-purchase", "big-receipt", "welcome-points");

        t.buy(gala, 5_999);
        assertThat(t.codes(gala)).isEmpty();
        String first = t.buy(gala, 6_000);
        assertThat(t.codes(gala)).singleElement().satisfies(c -> {
            assertThat(c.discount()).isEqualTo(PromoDiscount.percent(12));
            assertThat(c.validUntil()).isEqualTo(t.clock.zonedNow().plusDays(30).toInstant());
        });
        assertThat(t.participations(gala, "repeat-purchase")).singleElement()
                .satisfies(p -> assertThat(p.occurrence()).isEqualTo("receipt:" + first));
        t.buy(gala, 9_999);
        assertThat(t.codes(gala)).as("one code per receipt").hasSize(2);

        t.buy(gala, 10_000);
        assertThat(t.codes(gala)).as("10,000 RUB is the big-receipt scenario").hasSize(2);
        assertThat(campaignLots(gala)).extracting(Lot::points).containsExactlyInAnyOrder(299L, 3000L);
        Lot big = campaignLots(gala).stream().filter(l -> l.points() == 3000).findFirst().orElseThrow();
        assertThat(big.expiresAt()).isEqualTo(t.clock.zonedNow().plusDays(30).toInstant());
        assertThat(t.messages(gala, "big-receipt").get(0).text()).contains("3000").contains("01.04.2026");
    }

    @Test
    void aRetriedPurchaseNeverRewardsTwice() {
        MemberId dan = t.registerTreated("big-receipt");
        var request = dev.kopilka.checkout.PurchaseRequest.of(MemberRef.id(dan), "store-7",
                List.of(dev.kopilka.checkout.Line.of("1", "SKU", 1, 1_500_000)));
        t.kopilka.checkout().purchase(t.program, "same", request).orElseThrow();
        t.kopilka.checkout().purchase(t.program, "same", request).orElseThrow();

        assertThat(campaignLots(dan).stream().filter(l -> l.points() == 3000)).hasSize(1);
        assertThat(t.messages(dan, "big-receipt")).hasSize(1);
    }

    @Test
    void churnCodeAfter30DaysAndReminderAfter75DaysWithoutPurchase() {
        MemberId elena = t.registerTreated("churn-code", "churn-reminder");
        t.buy(elena, 2_000);

        t.liveDays(29);
        assertThat(t.codes(elena)).isEmpty();
        t.liveDays(1); // day 30
        assertThat(t.codes(elena)).singleElement()
                .satisfies(c -> assertThat(c.discount()).isEqualTo(PromoDiscount.percent(12)));
        assertThat(t.messages(elena, "churn-code")).hasSize(1);

        t.liveDays(44);
        assertThat(t.messages(elena, "churn-reminder")).isEmpty();
        t.liveDays(1); // day 75
        assertThat(t.messages(elena, "churn-reminder")).singleElement()
                .satisfies(m -> assertThat(m.purpose()).isEqualTo(MessagePurpose.MARKETING));
        t.liveDays(30);
        assertThat(t.codes(elena)).as("one code per lapse").hasSize(1);
        assertThat(t.messages(elena, "churn-reminder")).hasSize(1);
    }

    @Test
    void manualMailingReachesOnlyTheSegmentAtTheScheduledTime() {
        Set<MemberId> loyal = new HashSet<>();
        Timeline m = new Timeline("2026-12-18T10:00", Timeline.preset("cosmetics-chain", NO_CAP, "0",
                "kopilka.campaigns.seasonal-offer.enabled", "true"), Timeline.segment("loyal", loyal));
        MemberId inSegment = m.registerTreated("seasonal-offer");
        MemberId outside = m.registerTreated("seasonal-offer");
        loyal.add(inSegment);

        m.liveDays(1);
        assertThat(m.messages(inSegment, "seasonal-offer")).isEmpty();
        m.liveDays(1); // 2026-12-20, sweep at 10:00, mailing scheduled at 11:00

        assertThat(m.messages(inSegment, "seasonal-offer")).singleElement().satisfies(msg -> assertThat(msg.notBefore())
                .isEqualTo(LocalDateTime.parse("2026-12-20T11:00").atZone(Timeline.zone()).toInstant()));
        assertThat(m.messages(outside, "seasonal-offer")).isEmpty();
        m.liveDays(5);
        assertThat(m.messages(inSegment, "seasonal-offer")).hasSize(1);
        assertThat(m.participations(inSegment, "seasonal-offer")).extracting(Participation::group)
                .containsExactly(Participation.Group.TREATED);
    }
}
