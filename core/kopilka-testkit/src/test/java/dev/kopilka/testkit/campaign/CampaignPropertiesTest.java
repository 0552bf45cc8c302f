package dev.kopilka.testkit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.campaign.Campaign;
import dev.kopilka.campaign.Participation;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.promo.PromoCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Random timelines through either preset (registrations, purchases and replays, Telegram links, birthdays, days
 * passing, sweeps and re-runs of a finished sweep), then the invariants: no member is rewarded twice for one
 * occurrence, the control group never receives anything, the frequency cap and quiet hours hold.
 */
class CampaignPropertiesTest {

    private static final int CAP = 2;
    private static final Duration CAP_PERIOD = Duration.ofDays(7);

    /** kind: 0 register, 1 buy, 2 replay last purchase, 3 link Telegram, 4 set birthday, 5 pass hours, 6 sweep again. */
    record Step(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Step>> timelines() {
        // Registrations twice as likely as other steps, so control groups and caps are reached often.
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(-1, 6).map(k -> Math.max(k, 0)),
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 20_000)).as(Step::new);
        return step.list().ofMinSize(20).ofMaxSize(120);
    }

    @Provide
    Arbitrary<String> presets() {
        return Arbitraries.of("tools-chain", "cosmetics-chain");
    }

    @Property(tries = 60)
    @StatisticsReport(format = Histogram.class)
    void rewardsAreUniqueControlGetsNothingCapsAndQuietHoursHold(@ForAll("presets") String preset,
            @ForAll("timelines") List<Step> steps) {
        // Shorter lapses than the presets' so a short random timeline reaches them.
        Map<String, String> props = Timeline.preset(preset,
                "kopilka.campaigns.frequency-cap.messages", String.valueOf(CAP),
                "kopilka.campaigns.frequency-cap.period", CAP_PERIOD.toString());
        if (preset.equals("tools-chain")) {
            props.put("kopilka.campaigns.reactivation.trigger.days", "5");
        } else {
            props.put("kopilka.campaigns.churn-code.trigger.days", "4");
            props.put("kopilka.campaigns.churn-reminder.trigger.days", "9");
        }
        Timeline t = new Timeline("2026-03-02T10:00", props);
        List<MemberId> members = new ArrayList<>();
        List<PurchaseRequest> purchases = new ArrayList<>();
        List<String> txids = new ArrayList<>();
        LocalDate swept = null;
        for (Step s : steps) {
            switch (s.kind()) {
                case 0 -> members.add(t.register(t.newcomer()));
                case 1 -> {
                    if (!members.isEmpty()) {
                        PurchaseRequest r = PurchaseRequest.of(MemberRef.id(members.get(s.a() % members.size())),
                                "store-" + (s.a() % 3), List.of(Line.of("1", "SKU", 1, (s.b() + 1) * 100L)));
                        String txid = "r" + txids.size();
                        t.kopilka.checkout().purchase(t.program, txid, r).orElseThrow();
                        purchases.add(r);
                        txids.add(txid);
                    }
                }
                case 2 -> {
                    if (!txids.isEmpty()) {
                        int i = txids.size() - 1;
                        t.kopilka.checkout().purchase(t.program, txids.get(i), purchases.get(i)).orElseThrow();
                    }
                }
                case 3 -> {
                    if (!members.isEmpty()) {
                        MemberId m = members.get(s.a() % members.size());
                        t.kopilka.members().unlinkTelegram(t.program, MemberRef.id(m));
                        t.kopilka.members().linkTelegram(t.program, MemberRef.id(m), 1_000L + s.b() + 100_000L * s.a());
                    }
                }
                case 4 -> {
                    if (!members.isEmpty()) {
                        MemberId m = members.get(s.a() % members.size());
                        t.kopilka.members().overrideBirthday(t.program, MemberRef.id(m),
                                t.today().minusYears(30).plusDays(s.b() % 5), "staff-1", "test");
                    }
                }
                case 5 -> {
                    t.clock.advance(Duration.ofHours(1 + s.b() % 30));
                    LocalDate today = t.today();
                    if (!today.equals(swept)) {
                        t.sweepToday();
                        swept = today;
                    }
                }
                case 6 -> t.sweepToday();
                default -> throw new IllegalStateException();
            }
        }
        check(t);
        // Shows in the report how often a timeline reached each group, so a generator that stops reaching the
        // control group or the cap is noticed.
        Set<Participation.Group> groups = t.participations().stream().map(Participation::group)
                .collect(Collectors.toSet());
        Statistics.label("control reached").collect(groups.contains(Participation.Group.CONTROL));
        Statistics.label("cap reached").collect(groups.contains(Participation.Group.CAPPED));
        Statistics.label("quiet hours deferred").collect(t.outbox().stream()
                .anyMatch(m -> m.notBefore().isAfter(m.createdAt())));
        Statistics.label("control reached").coverage(c -> c.check(true).percentage(p -> p >= 20));
        Statistics.label("cap reached").coverage(c -> c.check(true).percentage(p -> p >= 5));
        Statistics.label("quiet hours deferred").coverage(c -> c.check(true).percentage(p -> p >= 20));
    }

    private void check(Timeline t) {
        List<Participation> participations = t.participations();
        List<OutboxMessage> outbox = t.outbox();
        Map<String, Campaign> campaigns = t.kopilka.campaigns().definitions().stream()
                .collect(Collectors.toMap(Campaign::id, c -> c));

        // One participation per (campaign, member, occurrence).
        Set<String> keys = new HashSet<>();
        Map<String, Participation> byKey = new HashMap<>();
        for (Participation p : participations) {
            String key = "campaign:" + p.campaignId() + ":" + p.occurrence() + ":" + p.member().value();
            assertThat(keys.add(key)).as("unique participation %s", key).isTrue();
            byKey.put(key, p);
        }

        // Rewards: one campaign lot per treated participation with points, keyed by it; never for the control group.
        Set<MemberId> members = participations.stream().map(Participation::member).collect(Collectors.toSet());
        for (MemberId m : members) {
            List<Lot> lots = t.lots(m).stream().filter(l -> l.source() == LotSource.CAMPAIGN).toList();
            // lots() lists lots still holding points; compare the granted ones by their reference.
            for (Lot lot : lots) {
                Participation p = byKey.get(lot.reference());
                assertThat(p).as("lot %s belongs to a participation", lot.reference()).isNotNull();
                assertThat(p.group()).isEqualTo(Participation.Group.TREATED);
                assertThat(lot.points()).isEqualTo(p.pointsGranted());
            }
            assertThat(lots.stream().map(Lot::reference).distinct().count()).isEqualTo(lots.size());
            List<PromoCode> codes = t.codes(m);
            for (PromoCode code : codes) {
                String campaignId = code.origin().substring("campaign:".length());
                assertThat(participations).as("code %s comes from a treated participation", code.code())
                        .anyMatch(p -> p.member().equals(m) && p.campaignId().equals(campaignId)
                                && p.group() == Participation.Group.TREATED && code.code().equals(p.promoCode()));
            }
        }

        // Messages: only for treated participations, at most one per (participation, message or follow-up).
        for (OutboxMessage msg : outbox) {
            String key = msg.dedupeKey().substring(0, msg.dedupeKey().lastIndexOf(':'));
            Participation p = byKey.get(key);
            assertThat(p).as("message %s belongs to a participation", msg.dedupeKey()).isNotNull();
            assertThat(p.group()).as("control and capped members receive nothing").isEqualTo(Participation.Group.TREATED);
            assertThat(msg.purpose()).isEqualTo(campaigns.get(p.campaignId()).purpose());
            if (msg.purpose() == MessagePurpose.MARKETING) {
                LocalTime local = msg.notBefore().atZone(Timeline.zone()).toLocalTime();
                assertThat(local.isBefore(LocalTime.of(9, 0)) || !local.isBefore(LocalTime.of(21, 0)))
                        .as("marketing message %s due at %s, inside quiet hours", msg.dedupeKey(), local).isFalse();
                assertThat(msg.notBefore()).isAfterOrEqualTo(msg.createdAt());
            }
        }
        for (Participation p : participations) {
            if (p.group() != Participation.Group.TREATED) {
                assertThat(p.pointsGranted()).isZero();
                assertThat(p.promoCode()).isNull();
                assertThat(p.messageIds()).isEmpty();
            }
            assertThat(p.group() == Participation.Group.CONTROL)
                    .isEqualTo(campaigns.get(p.campaignId()).inControlGroup(p.member()));
        }

        // The frequency cap: within any period, at most CAP treated marketing participations per member.
        Map<MemberId, List<Instant>> marketing = new HashMap<>();
        for (Participation p : participations) {
            if (p.group() == Participation.Group.TREATED
                    && campaigns.get(p.campaignId()).purpose() == MessagePurpose.MARKETING) {
                marketing.computeIfAbsent(p.member(), k -> new ArrayList<>()).add(p.at());
            }
        }
        marketing.forEach((m, times) -> {
            for (Instant at : times) {
                long inWindow = times.stream().filter(x -> !x.isBefore(at.minus(CAP_PERIOD)) && !x.isAfter(at)).count();
                assertThat(inWindow).as("marketing participations of %s in the %s before %s", m, CAP_PERIOD, at)
                        .isLessThanOrEqualTo(CAP);
            }
        });
    }
}
