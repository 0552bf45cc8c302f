package dev.kopilka.testkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.analytics.CampaignResult;
import dev.kopilka.analytics.ReportPeriod;
import dev.kopilka.campaign.Participation;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.SettableClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Synthetic campaign with a known injected uplift: every member buys with the same baseline behaviour; treated
 * members also make an extra purchase of 1000 ₽ with probability 0.3, i.e. 300 ₽ more per treated member on
 * average. The incremental estimate against the control group must recover it within its interval, and a campaign
 * with no uplift must get an interval that contains zero.
 */
class IncrementalUpliftTest {

    private static final int MEMBERS = 1_200;
    private static final long EXTRA_KOPECKS = 100_000;
    private static final double EXTRA_PROBABILITY = 0.3;

    @Test
    void recoversTheInjectedUpliftWithinItsInterval() {
        CampaignResult c = run(true);
        long expected = Math.round(c.treated().size() * EXTRA_PROBABILITY * EXTRA_KOPECKS);
        assertThat(c.incrementalInterval().contains(expected))
                .as("interval %s contains the injected uplift %d", c.incrementalInterval(), expected).isTrue();
        assertThat(c.incrementalInterval().low()).as("the uplift is detected").isPositive();
        assertThat(c.incrementalRevenueKopecks()).isBetween(c.incrementalInterval().low(),
                c.incrementalInterval().high());
    }

    @Test
    void findsNoUpliftWhereThereIsNone() {
        CampaignResult c = run(false);
        assertThat(c.incrementalInterval().contains(0)).as("interval %s", c.incrementalInterval()).isTrue();
    }

    private static CampaignResult run(boolean uplift) {
        Random random = new Random(20260302L);
        InMemoryStore store = new InMemoryStore();
        ProgramId program = ProgramId.of("uplift");
        SettableClock clock = SettableClock.at("2026-03-02T10:00", "Europe/Moscow");
        try (Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program.value(),
                "kopilka.earning.rate", "0"))).store(store).clock(clock).build()) {
            for (int i = 0; i < MEMBERS; i++) {
                MemberId id = k.members().register(program, Registration.withPhone("+7999" + (1_000_000 + i)))
                        .orElseThrow().id();
                Participation.Group group = random.nextInt(10) < 7 ? Participation.Group.TREATED
                        : Participation.Group.CONTROL;
                store.inTransaction(program, tx -> tx.campaigns().insert(new Participation("promo", id, "o", group,
                        clock.instant(), 0, null, null, List.of())));
                if (random.nextDouble() < 0.5) {
                    buy(k, program, id, "b" + i, 50_000 + random.nextInt(100_001));
                }
                if (uplift && group == Participation.Group.TREATED && random.nextDouble() < EXTRA_PROBABILITY) {
                    buy(k, program, id, "x" + i, EXTRA_KOPECKS);
                }
            }
            clock.advance(Duration.ofDays(31));
            return k.analytics().campaign(program, "promo", new ReportPeriod(LocalDate.of(2026, 3, 2),
                    LocalDate.of(2026, 3, 2)));
        }
    }

    private static void buy(Kopilka k, ProgramId program, MemberId id, String txid, long kopecks) {
        k.checkout().purchase(program, txid, PurchaseRequest.of(MemberRef.id(id), "s1",
                List.of(Line.of("1", "sku", 1, kopecks)))).orElseThrow();
    }
}
