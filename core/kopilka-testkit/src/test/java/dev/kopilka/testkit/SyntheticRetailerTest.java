package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.store.memory.InMemoryStore;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticRetailerTest {

    @Test
    void theSameSeedGivesTheSameRetailerAndAnotherSeedAnother() {
        SyntheticRetailer a = SyntheticRetailer.builder().seed(3).members(300).build();
        SyntheticRetailer b = SyntheticRetailer.builder().seed(3).members(300).build();
        SyntheticRetailer c = SyntheticRetailer.builder().seed(4).members(300).build();
        assertThat(a.timeline()).isEqualTo(b.timeline());
        assertThat(a.timeline()).isNotEqualTo(c.timeline());
        assertThat(a.historyOf(17)).isEqualTo(b.historyOf(17));
    }

    @Test
    void aMembersHistoryIsItsShareOfTheTimelineAndNeedsNoTimeline() {
        SyntheticRetailer r = SyntheticRetailer.builder().seed(5).members(400).build();
        java.util.Map<Integer, List<SyntheticRetailer.Event>> byMember = new java.util.HashMap<>();
        for (SyntheticRetailer.Event e : r.timeline()) {
            byMember.computeIfAbsent(e.member(), k -> new java.util.ArrayList<>()).add(e);
        }
        for (int i = 0; i < 400; i++) {
            assertThat(r.historyOf(i)).as("member %d", i).isEqualTo(byMember.get(i));
        }
        // Ten million members (gigabytes as a timeline): building and reading the last one must not generate it.
        SyntheticRetailer huge = SyntheticRetailer.builder().seed(5).members(10_000_000).build();
        assertThat(huge.historyOf(9_999_999).get(0)).isInstanceOf(SyntheticRetailer.Joined.class);
        assertThat(huge.historyOf(399)).as("a member depends on the seed and its index only")
                .isEqualTo(r.historyOf(399));
    }

    @Test
    void theSpreadIsRealistic() {
        SyntheticRetailer r = SyntheticRetailer.builder().seed(9).members(2_000).telegramAdoption(0.1)
                .period(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)).build();
        List<SyntheticRetailer.Event> events = r.timeline();
        long joined = events.stream().filter(e -> e instanceof SyntheticRetailer.Joined).count();
        long linked = events.stream().filter(e -> e instanceof SyntheticRetailer.TelegramLinked).count();
        long purchases = events.stream().filter(e -> e instanceof SyntheticRetailer.Purchased).count();
        long returns = events.stream().filter(e -> e instanceof SyntheticRetailer.Returned).count();
        long feb29 = events.stream().filter(e -> e instanceof SyntheticRetailer.Joined j && j.birthday() != null
                && j.birthday().getMonthValue() == 2 && j.birthday().getDayOfMonth() == 29).count();
        assertThat(joined).isEqualTo(2_000);
        assertThat(linked).isBetween(120L, 280L);
        assertThat(purchases).isBetween(4_000L, 40_000L);
        assertThat(returns).isBetween(purchases / 100, purchases / 15);
        assertThat(feb29).isPositive();
        // Every member's history starts with joining, and events are in time order.
        for (int i = 0; i < 50; i++) {
            List<SyntheticRetailer.Event> h = r.historyOf(i);
            assertThat(h.get(0)).isInstanceOf(SyntheticRetailer.Joined.class);
        }
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).at()).isAfterOrEqualTo(events.get(i - 1).at());
        }
    }

    @Test
    void itLoadsThroughThePublicApi() {
        SyntheticRetailer r = SyntheticRetailer.builder().seed(1).members(60).build();
        SettableClock clock = new SettableClock(r.start(), ZoneId.of("Europe/Moscow"));
        try (Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.earning.delay", "P0D")))
                .store(new InMemoryStore()).clock(clock).build()) {
            List<MemberId> ids = r.loadInto(kopilka, kopilka.program(), clock);
            assertThat(ids).hasSize(60).doesNotContainNull();
            long buyers = r.timeline().stream().filter(e -> e instanceof SyntheticRetailer.Purchased)
                    .map(SyntheticRetailer.Event::member).distinct().count();
            assertThat(kopilka.segments().size(kopilka.program(), kopilka.segments().parse("purchases >= 1")))
                    .isEqualTo(buyers);
        }
    }
}
