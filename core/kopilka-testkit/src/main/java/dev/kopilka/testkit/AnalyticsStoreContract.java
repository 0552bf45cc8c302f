package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.analytics.AnalyticsExport;
import dev.kopilka.analytics.AnalyticsReport;
import dev.kopilka.analytics.CampaignResult;
import dev.kopilka.analytics.ChannelEconomics;
import dev.kopilka.analytics.ChannelMessages;
import dev.kopilka.analytics.Cohort;
import dev.kopilka.analytics.ProgramHealth;
import dev.kopilka.analytics.ReachDay;
import dev.kopilka.analytics.ReportPeriod;
import dev.kopilka.campaign.Participation;
import dev.kopilka.checkout.AnonymousReceipt;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoCodeSpec;
import dev.kopilka.promo.PromoDiscount;
import dev.kopilka.store.port.KopilkaStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every store's {@code AnalyticsStore} must pass, on a small program whose every figure was computed
 * by hand (the arithmetic is in the comments). Extend it and implement {@link #createStore()}.
 *
 * <p>The fixture (zone Europe/Moscow, 1 point = 1 RUB, no earning, day 0 = 2026-03-02):
 * <ul>
 * <li>members A–F join on day 0 at 10:00, G on day 1; C links Telegram as it joins, G too (and unlinks on
 *     day 15);</li>
 * <li>campaign {@code react} on day 0: A, B, C treated with 100 points valid 10 days (the attribution window),
 *     E, F control; C also gets a 10 % promo code; messages A by SMS (3.50 ₽, delivered), B by SMS (3.50 ₽,
 *     reported failed), C by Telegram (free);</li>
 * <li>A buys 1000 ₽ on day 1 paying 100 points (90000 kopecks paid); B buys 500 ₽ on day 2, returns it on day 3
 *     and buys 700 ₽ on day 12 (outside the window); C buys 200 ₽ with the code on day 5 (18000 paid, 2000
 *     discount); C's points expire (settled on day 11), B's when
 *     the day-12 purchase settles B's account; E (control) buys 300 ₽ on day 4;</li>
 * <li>campaign {@code tg} on day 1: G treated, no control, one free Telegram message; G buys 100 ₽ on day 2;</li>
 * <li>E gets 40 manual points (available), G 50 points activating on day 25 (pending); one transactional message
 *     is still pending; the till reports 3 anonymous receipts.</li>
 * </ul>
 * The report covers days 0–20 and is made on day 20.
 */
public abstract class AnalyticsStoreContract {

    protected KopilkaStore store;
    protected ProgramId program;
    protected SettableClock clock;
    protected Kopilka kopilka;
    private final Map<String, MemberId> m = new HashMap<>();
    private static final LocalDate DAY0 = LocalDate.of(2026, 3, 2);
    private static final ReportPeriod PERIOD = new ReportPeriod(DAY0, DAY0.plusDays(20));

    protected abstract KopilkaStore createStore();

    protected void cleanUp(KopilkaStore used) {
        used.close();
    }

    @BeforeEach
    void openStore() {
        store = createStore();
        program = ProgramId.of("analytics-" + UUID.randomUUID().toString().substring(0, 8));
        clock = SettableClock.at("2026-03-02T10:00", "Europe/Moscow");
        kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program.value(),
                "kopilka.earning.rate", "0", "kopilka.redemption.max-percent", "50",
                "kopilka.analytics.gross-margin-percent", "30", "kopilka.analytics.sms-price-kopecks", "350")))
                .store(store).clock(clock).build();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            cleanUp(store);
        }
    }

    // ---------------------------------------------------------------- the fixture

    private void at(int day, int hour) {
        clock.set(DAY0.plusDays(day).atTime(hour, 0).atZone(clock.getZone()).toInstant());
    }

    private MemberId register(String name, int n) {
        MemberId id = kopilka.members().register(program, Registration.withPhone("+7999000" + (2000 + n)))
                .orElseThrow().id();
        m.put(name, id);
        return id;
    }

    private void participate(String campaign, String name, Participation.Group group, long points) {
        store.inTransaction(program, tx -> tx.campaigns().insert(new Participation(campaign, m.get(name), "o1",
                group, clock.instant(), points, points > 0 ? clock.instant().plus(Duration.ofDays(10)) : null, null,
                List.of())));
        if (points > 0) {
            kopilka.ledger().grant(program, MemberRef.id(m.get(name)), Grant.of(points, LotSource.CAMPAIGN,
                    "campaign:" + campaign + ":o1:" + m.get(name).value()).validFor(Duration.ofDays(10)))
                    .orElseThrow();
        }
    }

    private void message(String id, String name, String campaign, Channel channel, Long cost,
            DeliveryStatus report) {
        store.inTransaction(program, tx -> {
            tx.outbox().enqueue(List.of(new OutboxMessage(id, m.get(name), "k-" + id,
                    campaign == null ? MessagePurpose.TRANSACTIONAL : MessagePurpose.MARKETING, campaign, "hello",
                    clock.instant(), channel == null ? clock.instant().plus(Duration.ofDays(365)) : clock.instant(),
                    null)));
            if (channel == null) {
                return null;
            }
            List<OutboxRecord> claimed = tx.outbox().claim("lease-" + id, clock.instant(), Duration.ofMinutes(1), 1);
            assertThat(claimed).extracting(r -> r.message().id()).containsExactly(id);
            tx.outbox().markSent(id, "lease-" + id, channel, "p-" + id, cost, 1, clock.instant());
            if (report != null) {
                tx.outbox().recordDelivery(new DeliveryReport(channel, "p-" + id, report, OptionalLong.empty(),
                        clock.instant(), null), clock.instant());
            }
            return null;
        });
    }

    private void buy(String txid, String name, long rubles, long points, String promo) {
        PurchaseRequest request = PurchaseRequest.of(MemberRef.id(m.get(name)), "s1",
                List.of(Line.of("1", "sku", 1, rubles * 100))).withPoints(
                        points > 0 ? PointsToApply.exactly(points) : PointsToApply.none());
        if (promo != null) {
            request = request.withPromoCode(promo);
        }
        kopilka.checkout().purchase(program, txid, request).orElseThrow();
    }

    private void buildFixture() {
        at(0, 10);
        for (String name : List.of("A", "B", "C", "D", "E", "F")) {
            register(name, m.size());
        }
        m.remove("D"); // D takes part in nothing: a member who only counts in the program's totals
        kopilka.members().linkTelegram(program, MemberRef.id(m.get("C")), 7001L).orElseThrow();
        at(0, 12);
        participate("react", "A", Participation.Group.TREATED, 100);
        participate("react", "B", Participation.Group.TREATED, 100);
        participate("react", "C", Participation.Group.TREATED, 100);
        participate("react", "E", Participation.Group.CONTROL, 0);
        participate("react", "F", Participation.Group.CONTROL, 0);
        PromoCode code = kopilka.promoCodes().create(program, PromoCodeSpec.personal(m.get("C"),
                PromoDiscount.percent(10)).validFor(Duration.ofDays(30)).origin("campaign:react")).orElseThrow();
        message("m1", "A", "react", Channel.SMS, 350L, DeliveryStatus.DELIVERED);
        message("m2", "B", "react", Channel.SMS, 350L, DeliveryStatus.FAILED);
        message("m3", "C", "react", Channel.TELEGRAM, 0L, null);
        message("m4", "E", null, null, null, null); // still pending: no channel yet
        at(1, 9);
        register("G", 7);
        kopilka.members().linkTelegram(program, MemberRef.id(m.get("G")), 7002L).orElseThrow();
        at(1, 10);
        participate("tg", "G", Participation.Group.TREATED, 0);
        message("m5", "G", "tg", Channel.TELEGRAM, 0L, null);
        at(1, 11);
        buy("t-a", "A", 1000, 100, null);
        at(2, 11);
        buy("t-b1", "B", 500, 0, null);
        buy("t-g", "G", 100, 0, null);
        at(3, 11);
        kopilka.checkout().applyReturn(program, "r-b1", ReturnRequest.ofAmount("t-b1", 50_000)).orElseThrow();
        at(4, 11);
        buy("t-e", "E", 300, 0, null);
        kopilka.ledger().grant(program, MemberRef.id(m.get("E")), Grant.of(40, LotSource.MANUAL, "manual-e"))
                .orElseThrow();
        at(5, 11);
        buy("t-c", "C", 200, 0, code.code());
        at(11, 11);
        kopilka.ledger().settle(program, MemberRef.id(m.get("C"))).orElseThrow();
        at(12, 11);
        buy("t-b2", "B", 700, 0, null);
        kopilka.ledger().grant(program, MemberRef.id(m.get("G")), Grant.of(50, LotSource.MANUAL, "manual-g")
                .activatingAt(DAY0.plusDays(25).atStartOfDay(clock.getZone()).toInstant())).orElseThrow();
        for (int i = 1; i <= 3; i++) {
            kopilka.checkout().reportAnonymousReceipt(program, new AnonymousReceipt("anon-" + i, "s1", 5_000,
                    clock.instant())).orElseThrow();
        }
        at(15, 10);
        kopilka.members().unlinkTelegram(program, MemberRef.id(m.get("G"))).orElseThrow();
        at(20, 12);
    }

    // ---------------------------------------------------------------- campaigns

    @Test
    @DisplayName("campaign with a control group: sizes, revenue in the window net of returns, cost, both ROIs")
    void campaignWithControl() {
        buildFixture();
        CampaignResult c = kopilka.analytics().campaign(program, "react", PERIOD);
        assertThat(c.attributionWindow()).isEqualTo(Duration.ofDays(10)); // the reward's validity
        assertThat(c.audience()).isEqualTo(5);
        assertThat(c.treated().size()).isEqualTo(3);
        assertThat(c.control().size()).isEqualTo(2);
        // A 90000 paid + B 50000 − 50000 returned + C 18000; B's day-12 purchase is outside the 10-day window
        assertThat(c.treated().revenueKopecks()).isEqualTo(108_000);
        assertThat(c.treated().purchases()).isEqualTo(3);
        assertThat(c.treated().converters()).isEqualTo(3);
        assertThat(c.treated().conversionRate()).isEqualByComparingTo("1");
        assertThat(c.control().revenueKopecks()).isEqualTo(30_000);
        assertThat(c.control().revenuePerMember()).isEqualByComparingTo("15000");
        assertThat(c.control().conversionRate()).isEqualByComparingTo("0.5");
        assertThat(c.messages()).containsExactly(new ChannelMessages("SMS", 2, 2, 1, 1, 700),
                new ChannelMessages("TELEGRAM", 1, 1, 1, 0, 0));
        assertThat(c.messageCostKopecks()).isEqualTo(700);
        assertThat(c.pointsGranted()).isEqualTo(300);
        assertThat(c.pointsExpired()).isEqualTo(200); // C's (settled on day 11), B's (settled by the day-12 purchase)
        assertThat(c.pointsRedeemed()).isEqualTo(100); // A's: 300 − 0 outstanding − 200 expired
        assertThat(c.pointsRedeemedKopecks()).isEqualTo(10_000);
        assertThat(c.promoDiscountKopecks()).isEqualTo(2_000);
        assertThat(c.costKopecks()).isEqualTo(12_700); // 700 + 10000 + 2000
        // (108000 − 12700) / 12700
        assertThat(c.attributedRoi().value()).isEqualByComparingTo("7.5039");
        assertThat(c.attributedRoi().label()).contains("not incremental");
        // 108000 − 3 × 15000
        assertThat(c.incrementalRevenueKopecks()).isEqualTo(63_000);
        // (63000 × 30 % − 12700) / 12700 = 6200 / 12700
        assertThat(c.incrementalRoi().value()).isEqualByComparingTo("0.4882");
        // Welch: treated 90000, 0, 18000 (mean 36000, s² 2.268e9); control 30000, 0 (mean 15000, s² 4.5e8)
        double se = Math.sqrt(2.268e9 / 3 + 4.5e8 / 2);
        assertThat(c.incrementalInterval().low()).isEqualTo(Math.round((21_000 - 1.959963984540054 * se) * 3));
        assertThat(c.incrementalInterval().high()).isEqualTo(Math.round((21_000 + 1.959963984540054 * se) * 3));
        assertThat(c.incrementalInterval().contains(0)).isTrue(); // five members prove nothing, and it says so
    }

    @Test
    @DisplayName("promo discounts per campaign: every use of a code the campaign issued in the period, one query")
    void campaignPromoDiscounts() {
        buildFixture();
        // On day 20: a public code of campaign "react" used twice (fixed 50 and 50 ₽), one of "bday" used once
        // (fixed 70 ₽), and a "react" code without any use.
        kopilka.promoCodes().create(program, PromoCodeSpec.publicCode("REACT50", PromoDiscount.rubles(50))
                .maxUses(10).validFor(Duration.ofDays(5)).origin("campaign:react")).orElseThrow();
        kopilka.promoCodes().create(program, PromoCodeSpec.publicCode("BDAY70", PromoDiscount.rubles(70))
                .validFor(Duration.ofDays(5)).origin("campaign:bday")).orElseThrow();
        kopilka.promoCodes().create(program, PromoCodeSpec.personal(m.get("A"), PromoDiscount.percent(5))
                .validFor(Duration.ofDays(5)).origin("campaign:react")).orElseThrow();
        buy("t-p1", "A", 400, 0, "REACT50");
        buy("t-p2", "B", 600, 0, "REACT50");
        buy("t-p3", "E", 300, 0, "BDAY70");
        buy("t-p4", "F", 300, 0, null);
        java.time.Instant day0 = PERIOD.start(clock.getZone());
        java.time.Instant day20 = DAY0.plusDays(20).atStartOfDay(clock.getZone()).toInstant();
        java.time.Instant day21 = PERIOD.end(clock.getZone());
        Map<String, Long> inPeriod = store.readOnly(program, tx -> tx.analytics().campaignPromoDiscounts(
                List.of("react", "bday", "tg", "nothing"), day0, day20));
        // the codes issued on day 20 at noon are outside [day 0, day 20 00:00): only C's 10 % of 200 ₽
        assertThat(inPeriod).containsExactlyInAnyOrderEntriesOf(Map.of("react", 2_000L, "bday", 0L, "tg", 0L,
                "nothing", 0L));
        Map<String, Long> wider = store.readOnly(program, tx -> tx.analytics().campaignPromoDiscounts(
                List.of("react", "bday"), day0, day21));
        assertThat(wider).containsExactlyInAnyOrderEntriesOf(Map.of("react", 12_000L, "bday", 7_000L));
        Map<String, Long> none = store.readOnly(program, tx -> tx.analytics().campaignPromoDiscounts(List.of(), day0,
                day21));
        assertThat(none).isEmpty();
    }

    @Test
    @DisplayName("Telegram-only campaign without control: ROI undefined for zero cost, incremental undefined")
    void zeroCostNoControl() {
        buildFixture();
        CampaignResult c = kopilka.analytics().campaign(program, "tg", PERIOD);
        assertThat(c.attributionWindow()).isEqualTo(Duration.ofDays(30)); // no reward: the default
        assertThat(c.treated().size()).isEqualTo(1);
        assertThat(c.control().size()).isZero();
        assertThat(c.control().revenuePerMember()).isNull();
        assertThat(c.treated().revenueKopecks()).isEqualTo(10_000);
        assertThat(c.costKopecks()).isZero();
        assertThat(c.attributedRoi().defined()).isFalse();
        assertThat(c.attributedRoi().label()).isEqualTo("undefined: zero cost");
        assertThat(c.incrementalRevenueKopecks()).isNull();
        assertThat(c.incrementalInterval()).isNull();
        assertThat(c.incrementalRoi().label()).isEqualTo("undefined: no control group");
    }

    @Test
    @DisplayName("a period without the campaign's participations reports empty groups")
    void emptyPeriod() {
        buildFixture();
        CampaignResult c = kopilka.analytics().campaign(program, "react",
                new ReportPeriod(DAY0.plusDays(1), DAY0.plusDays(20)));
        assertThat(c.audience()).isZero();
        assertThat(c.pointsGranted()).isZero();
        assertThat(c.messages()).isEmpty();
        assertThat(c.attributedRoi().defined()).isFalse();
        assertThat(c.incrementalRoi().label()).isEqualTo("undefined: no control group");
    }

    // ---------------------------------------------------------------- channels and health

    @Test
    @DisplayName("channel economics: messages by channel, SMS spend and spend avoided, daily Telegram share")
    void channels() {
        buildFixture();
        ChannelEconomics ch = kopilka.analytics().channels(program, PERIOD);
        assertThat(ch.byChannel()).containsExactly(new ChannelMessages("NONE", 1, 0, 0, 0, 0),
                new ChannelMessages("SMS", 2, 2, 1, 1, 700), new ChannelMessages("TELEGRAM", 2, 2, 2, 0, 0));
        assertThat(ch.smsSpendKopecks()).isEqualTo(700);
        assertThat(ch.telegramDelivered()).isEqualTo(2);
        assertThat(ch.smsSpendAvoidedKopecks()).isEqualTo(700); // 2 × 350
        assertThat(ch.telegramReach()).hasSize(21);
        assertThat(ch.telegramReach().get(0)).isEqualTo(new ReachDay(DAY0, 6, 1, new BigDecimal("0.1667")));
        assertThat(ch.telegramReach().get(1)).isEqualTo(new ReachDay(DAY0.plusDays(1), 7, 2, new BigDecimal("0.2857")));
        assertThat(ch.telegramReach().get(14)).isEqualTo(new ReachDay(DAY0.plusDays(14), 7, 2, new BigDecimal("0.2857")));
        // G unlinked on day 15
        assertThat(ch.telegramReach().get(15)).isEqualTo(new ReachDay(DAY0.plusDays(15), 7, 1, new BigDecimal("0.1429")));
        assertThat(ch.telegramReach().get(20).members()).isEqualTo(7);
        // C and G linked as they registered (the bot); the five others are taken as confirmed by a paid SMS
        assertThat(ch.registrations()).isEqualTo(7);
        assertThat(ch.registrationsViaTelegram()).isEqualTo(2);
        assertThat(ch.registrationsViaSms()).isEqualTo(5);
        assertThat(ch.confirmationSmsSpendKopecks()).isEqualTo(1_750);
        assertThat(ch.confirmationSmsSavedKopecks()).isEqualTo(700);
    }

    @Test
    @DisplayName("program health: members, active, repeat rate, card usage, LTV cohort, liability, expiry")
    void health() {
        buildFixture();
        ProgramHealth h = kopilka.analytics().health(program, PERIOD);
        assertThat(h.members()).isEqualTo(7);
        assertThat(h.activeMembers()).isEqualTo(5); // A, B, C, E, G
        assertThat(h.repeatMembers()).isEqualTo(1); // B bought twice
        assertThat(h.repeatPurchaseRate()).isEqualByComparingTo("0.2");
        assertThat(h.identifiedReceipts()).isEqualTo(6);
        assertThat(h.anonymousReceipts()).isEqualTo(3);
        assertThat(h.cardUsageRate()).isEqualByComparingTo("0.6667"); // 6 / 9
        // net spend: A 90000 + B 70000 + C 18000 + E 30000 + G 10000 = 218000 over 7 members
        assertThat(h.cohorts()).containsExactly(new Cohort(YearMonth.of(2026, 3), 7, 218_000,
                new BigDecimal("31142.86")));
        assertThat(h.liability().availablePoints()).isEqualTo(40); // E's
        assertThat(h.liability().pendingPoints()).isEqualTo(50); // G's
        assertThat(h.liability().heldPoints()).isZero();
        assertThat(h.liability().moneyKopecks()).isEqualTo(9_000);
        assertThat(h.pointsExpired()).isEqualTo(200); // B's and C's campaign points
    }

    @Test
    @DisplayName("the report and its exports carry every campaign, undefined numbers as such")
    void reportAndExports() {
        buildFixture();
        AnalyticsReport r = kopilka.analytics().report(program, PERIOD);
        assertThat(r.campaigns()).extracting(CampaignResult::campaignId).containsExactly("react", "tg");
        String csv = AnalyticsExport.campaignsCsv(r);
        assertThat(csv.lines()).hasSize(3);
        assertThat(csv).contains("react,PT240H,5,3,2,108000,30000,3,1.0000,0.5000,700,300,100,10000,2000,12700,"
                + "7.5039,\"attributed, not incremental\",63000,");
        assertThat(csv).contains(",undefined: zero cost,,,,,undefined: no control group");
        assertThat(AnalyticsExport.channelsCsv(r)).contains("*,SMS,2,2,1,1,700\n").contains("*,TELEGRAM,2,2,2,0,0\n")
                .contains("react,SMS,2,2,1,1,700\n").contains("tg,TELEGRAM,1,1,1,0,0\n");
        assertThat(AnalyticsExport.reachCsv(r)).startsWith("day,members,telegram_linked,telegram_share\n"
                + "2026-03-02,6,1,0.1667\n2026-03-03,7,2,0.2857\n");
        assertThat(AnalyticsExport.cohortsCsv(r)).isEqualTo("join_month,members,revenue_kopecks,ltv_kopecks\n"
                + "2026-03,7,218000,31142.86\n");
        String json = AnalyticsExport.json(r);
        assertThat(json).contains("\"campaignId\":\"tg\"").contains("\"value\":null,\"label\":\"undefined: zero cost\"")
                .contains("\"smsSpendAvoidedKopecks\":700");
        String html = AnalyticsExport.html(r);
        assertThat(html).contains("<svg").contains("undefined: zero cost").doesNotContain("src=", "href=", "url(")
                .doesNotContain("<script");
    }
}
