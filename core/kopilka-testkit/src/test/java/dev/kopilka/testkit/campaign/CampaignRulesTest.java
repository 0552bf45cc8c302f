package dev.kopilka.testkit.campaign;

import static dev.kopilka.testkit.campaign.Timeline.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.Kopilka;
import dev.kopilka.campaign.Participation;
import dev.kopilka.campaign.SweepReport;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The campaign rules outside the presets: validation, caps, quiet hours, run claims, the remaining triggers. */
class CampaignRulesTest {

    @Test
    void everyConfigurationProblemIsReportedAtOnceWithKeyRuleAndValue() {
        Map<String, String> p = props(
                "kopilka.campaigns.a.trigger", "on-full-moon",
                "kopilka.campaigns.a.message", "hi",
                "kopilka.campaigns.b.trigger", "birthday",
                "kopilka.campaigns.b.control-percent", "60",
                "kopilka.campaigns.b.promo.discount", "15 percent",
                "kopilka.campaigns.b.promo.validity", "P7D",
                "kopilka.campaigns.b.message", "Code {promo_code} for {nickname}",
                "kopilka.campaigns.c.trigger", "inactive",
                "kopilka.campaigns.c.grant.points", "250",
                "kopilka.campaigns.c.grant.validity", "ten days",
                "kopilka.campaigns.c.audience", "martians",
                "kopilka.campaigns.c.colour", "red",
                "kopilka.campaigns.d.trigger", "purchase",
                "kopilka.campaigns.d.trigger.min-amount", "10000",
                "kopilka.campaigns.d.trigger.max-amount", "6000",
                "kopilka.campaigns.d.message", "x",
                "kopilka.campaigns.d.follow-up.1.if", "promo-unused",
                "kopilka.campaigns.quiet-hours", "late",
                "kopilka.campaigns.sweep-time", "25:00",
                "kopilka.campaigns.preset", "bakery");

        assertThatThrownBy(() -> Kopilka.builder(KopilkaConfig.fromMap(p)).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::key).contains(
                            "kopilka.campaigns.a.trigger", "kopilka.campaigns.b.control-percent",
                            "kopilka.campaigns.b.promo.discount", "kopilka.campaigns.b.message",
                            "kopilka.campaigns.c.trigger.days", "kopilka.campaigns.c.grant.validity",
                            "kopilka.campaigns.c.audience", "kopilka.campaigns.c.colour",
                            "kopilka.campaigns.d.trigger.max-amount", "kopilka.campaigns.d.follow-up.1.delay",
                            "kopilka.campaigns.d.follow-up.1.message", "kopilka.campaigns.d.follow-up.1.if",
                            "kopilka.campaigns.quiet-hours", "kopilka.campaigns.sweep-time",
                            "kopilka.campaigns.preset");
                    assertThat(e.problems()).anySatisfy(pr -> {
                        assertThat(pr.key()).isEqualTo("kopilka.campaigns.b.control-percent");
                        assertThat(pr.value()).isEqualTo("60");
                        assertThat(pr.rule()).contains("0..50");
                    });
                    assertThat(e.getMessage()).contains("{nickname}").contains("on-full-moon");
                });
    }

    @Test
    void bothPresetsAreValid() {
        for (String preset : List.of("tools-chain", "cosmetics-chain")) {
            Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(props("kopilka.campaigns.preset", preset))).build();
            assertThat(k.campaigns().definitions()).isNotEmpty();
        }
    }

    @Test
    void frequencyCapCountsMarketingCampaignsAcrossCampaignsAndRecordsTheCappedOnes() {
        Map<String, String> p = props("kopilka.campaigns.frequency-cap.messages", "2",
                "kopilka.campaigns.frequency-cap.period", "P7D");
        for (String id : List.of("w1", "w2", "w3")) {
            p.put("kopilka.campaigns." + id + ".trigger", "registered");
            p.put("kopilka.campaigns." + id + ".message", id);
        }
        p.put("kopilka.campaigns.receipt.trigger", "registered");
        p.put("kopilka.campaigns.receipt.purpose", "transactional");
        p.put("kopilka.campaigns.receipt.message", "card issued");
        Timeline t = new Timeline("2026-03-02T10:00", p);
        MemberId anna = t.register(t.newcomer());

        List<OutboxMessage> messages = t.outbox();
        assertThat(messages).filteredOn(m -> m.purpose() == MessagePurpose.MARKETING).hasSize(2);
        assertThat(messages).filteredOn(m -> m.purpose() == MessagePurpose.TRANSACTIONAL).hasSize(1);
        assertThat(t.participations()).filteredOn(pa -> pa.group() == Participation.Group.CAPPED).singleElement()
                .satisfies(pa -> assertThat(pa.member()).isEqualTo(anna));
    }

    @Test
    void quietHoursMayWrapMidnightOrBeSwitchedOff() {
        Map<String, String> p = props("kopilka.campaigns.quiet-hours", "13:00-14:30",
                "kopilka.campaigns.hi.trigger", "registered", "kopilka.campaigns.hi.message", "hi");
        Timeline t = new Timeline("2026-03-02T13:10", p);
        t.register(t.newcomer());
        assertThat(t.outbox().get(0).notBefore())
                .isEqualTo(LocalDateTime.parse("2026-03-02T14:30").atZone(Timeline.zone()).toInstant());

        p.put("kopilka.campaigns.quiet-hours", "none");
        Timeline night = new Timeline("2026-03-02T03:00", p);
        night.register(night.newcomer());
        assertThat(night.outbox().get(0).notBefore()).isEqualTo(night.clock.instant());
    }

    @Test
    void aSweepHeldByAnotherInstanceDoesNothingUntilItsLeaseRunsOut() {
        Timeline t = new Timeline("2026-03-02T10:00", props("kopilka.campaigns.lapsed.trigger", "inactive",
                "kopilka.campaigns.lapsed.trigger.days", "1", "kopilka.campaigns.lapsed.grant.points", "10"));
        MemberId anna = t.register(t.newcomer());
        t.clock.advanceDays(1);
        LocalDate day = t.today();
        t.store.inTransaction(t.program, tx -> tx.campaigns().claimRun("daily", day, "other-instance",
                t.clock.instant(), Duration.ofMinutes(30)));

        SweepReport held = t.kopilka.campaigns().sweep(t.program, day);
        assertThat(held.ran()).isFalse();
        assertThat(t.participations(anna, "lapsed")).isEmpty();

        t.clock.advance(Duration.ofMinutes(31)); // the other instance died
        SweepReport taken = t.kopilka.campaigns().sweep(t.program, day);
        assertThat(taken.ran()).isTrue();
        assertThat(taken.treated()).containsEntry("lapsed", 1);
        assertThat(t.kopilka.campaigns().sweep(t.program, day).treated()).as("re-run: nothing new").isEmpty();
    }

    @Test
    void pointsExpiringWithinNDaysRemindOncePerExpiryDate() {
        Timeline t = new Timeline("2026-03-02T10:00", props("kopilka.campaigns.expiring.trigger", "points-expiring",
                "kopilka.campaigns.expiring.trigger.days", "3",
                "kopilka.campaigns.expiring.message", "{name}, {balance} points, some expire soon"));
        MemberId anna = t.register(t.newcomer());
        t.kopilka.ledger().grant(t.program, MemberRef.id(anna), Grant.of(100, LotSource.MANUAL, "g1")
                .validFor(java.time.Period.ofDays(10))).orElseThrow();

        t.liveDays(6);
        assertThat(t.messages(anna, "expiring")).isEmpty();
        t.liveDays(1); // expires in 3 days
        assertThat(t.messages(anna, "expiring")).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("Анна, 100 points, some expire soon"));
        t.liveDays(2);
        assertThat(t.messages(anna, "expiring")).hasSize(1);
    }

    @Test
    void blockedMembersAndCampaignsOutsideTheirDatesGetNothing() {
        Timeline t = new Timeline("2026-03-02T10:00", props("kopilka.campaigns.frequency-cap.messages", "0",
                "kopilka.campaigns.hi.trigger", "purchase", "kopilka.campaigns.hi.message", "hi",
                "kopilka.campaigns.later.trigger", "purchase", "kopilka.campaigns.later.message", "later",
                "kopilka.campaigns.later.starts", "2026-03-03", "kopilka.campaigns.later.ends", "2026-03-03",
                "kopilka.campaigns.off.trigger", "purchase", "kopilka.campaigns.off.message", "off",
                "kopilka.campaigns.off.enabled", "false",
                "kopilka.campaigns.lapsed.trigger", "inactive", "kopilka.campaigns.lapsed.trigger.days", "1",
                "kopilka.campaigns.lapsed.message", "come back"));
        MemberId anna = t.register(t.newcomer());
        MemberId boris = t.register(t.newcomer());
        MemberId carl = t.register(t.newcomer());
        t.kopilka.members().block(t.program, MemberRef.id(boris), "fraud").orElseThrow();

        t.buy(anna, 100);
        t.clock.advanceDays(1);
        t.buy(anna, 100);
        t.clock.advanceDays(1);
        t.buy(anna, 100);
        t.sweepToday();

        assertThat(t.messages(anna, "hi")).hasSize(3);
        assertThat(t.messages(anna, "later")).hasSize(1);
        assertThat(t.messages(anna, "off")).isEmpty();
        assertThat(t.messages(anna, "lapsed")).isEmpty();
        assertThat(t.messages(carl, "lapsed")).hasSize(1);
        assertThat(t.outbox()).noneMatch(m -> m.member().equals(boris));
    }

    @Test
    void theSchedulerSweepsOnceADayAfterTheSweepTimeAndStopsCleanly() throws Exception {
        Timeline t = new Timeline("2026-03-02T10:00", props("kopilka.campaigns.lapsed.trigger", "inactive",
                "kopilka.campaigns.lapsed.trigger.days", "1", "kopilka.campaigns.lapsed.grant.points", "10",
                "kopilka.campaigns.sweep-time", "09:30"));
        MemberId anna = t.register(t.newcomer());
        t.clock.advanceDays(1);
        try (AutoCloseable scheduler = t.kopilka.campaigns().startScheduler(t.program)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (t.participations(anna, "lapsed").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(t.participations(anna, "lapsed")).hasSize(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().startsWith("kopilka-campaign-sweep")
                && th.isAlive());

        t.kopilka.campaigns().startScheduler(t.program); // not closed by hand: closing Kopilka stops it
        t.kopilka.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().startsWith("kopilka-campaign-sweep")
                && th.isAlive());
    }
}
