package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagingEvents;
import dev.kopilka.segment.MemberPage;
import dev.kopilka.segment.MemberStats;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.Segments;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of member statistics and segment evaluation that every store passes: statistics kept by
 * purchases, returns and profile changes, and every rule giving the same members on every store — rolling
 * windows, birthdays across the year end and on February 29, RFM quintiles with ties. Extend it and implement
 * {@link #createStore()}; each test uses its own program.
 */
public abstract class MemberStatsContract {

    protected static final ZoneId ZONE = ZoneId.of("Europe/Moscow");

    private final List<KopilkaStore> opened = new ArrayList<>();
    protected KopilkaStore store;
    protected SettableClock clock;
    protected Kopilka kopilka;
    protected ProgramId program;
    private final AtomicLong receipts = new AtomicLong();

    protected abstract KopilkaStore createStore();

    protected void cleanUp(KopilkaStore used) {
        used.close();
    }

    @BeforeEach
    void openStore() {
        store = createStore();
        opened.add(store);
        clock = SettableClock.at("2025-06-01T12:00:00", ZONE.getId());
        program = ProgramId.of("stats-" + System.nanoTime());
        kopilka = kopilka(store, clock, program, Map.of());
    }

    @AfterEach
    void closeStores() {
        opened.forEach(this::cleanUp);
        opened.clear();
    }

    private static Kopilka kopilka(KopilkaStore on, SettableClock clock, ProgramId program, Map<String, String> extra) {
        AtomicLong ids = new AtomicLong();
        Map<String, String> props = new HashMap<>(extra);
        props.put("kopilka.program.id", program.value());
        props.put("kopilka.program.zone", ZONE.getId());
        props.put("kopilka.earning.delay", "P0D");
        return Kopilka.builder(KopilkaConfig.fromMap(props)).store(on).clock(clock)
                .ids(() -> new UUID(0, ids.incrementAndGet())).build();
    }

    private Segments segments() {
        return kopilka.segments();
    }

    private MemberId join(String phone, LocalDate birthday) {
        Registration r = Registration.withPhone(phone).homeStore("home");
        return kopilka.members().register(program, birthday == null ? r : r.birthday(birthday)).orElseThrow().id();
    }

    private String buy(MemberId member, String storeId, long kopecks) {
        String txid = "r" + receipts.incrementAndGet();
        kopilka.checkout().purchase(program, txid, PurchaseRequest.of(MemberRef.id(member), storeId,
                List.of(Line.of("1", "SKU", 1, kopecks)))).orElseThrow();
        return txid;
    }

    private void at(String localDateTime) {
        clock.set(java.time.LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant());
    }

    private List<MemberId> members(String rule) {
        return segments().members(program, segments().parse(rule), null, 10_000).members();
    }

    // ------------------------------------------------------------------------------------------ statistics

    @Test
    void purchasesAndReturnsKeepTheStatisticsRow() {
        at("2025-03-01T10:00:00");
        MemberId m = join("+79990000001", LocalDate.of(1990, 5, 17));
        MemberStats fresh = segments().stats(program, m).orElseThrow();
        assertThat(fresh.purchaseCount()).isZero();
        assertThat(fresh.joinedOn()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(fresh.birthday()).isEqualTo(LocalDate.of(1990, 5, 17));
        assertThat(fresh.smsReachable()).isTrue();
        assertThat(fresh.telegramReachable()).isFalse();
        assertThat(fresh.tier()).isEqualTo("base");

        at("2025-03-02T23:30:00"); // 23:30 in Moscow: still March 2 there, already March 2 20:30 UTC
        String first = buy(m, "store-a", 100_000);
        at("2025-03-10T11:00:00");
        buy(m, "store-b", 50_000);
        at("2025-03-11T11:00:00");
        kopilka.checkout().applyReturn(program, "ret-1", ReturnRequest.ofAmount(first, 40_000)).orElseThrow();

        MemberStats s = segments().stats(program, m).orElseThrow();
        assertThat(s.purchaseCount()).isEqualTo(2);
        assertThat(s.purchaseSum()).isEqualTo(110_000);
        assertThat(s.averageReceipt()).isEqualTo(55_000);
        assertThat(s.firstPurchaseAt()).isEqualTo(java.time.LocalDateTime.parse("2025-03-02T23:30:00").atZone(ZONE).toInstant());
        assertThat(s.lastPurchaseOn()).isEqualTo(LocalDate.of(2025, 3, 10));
        assertThat(s.lastStore()).isEqualTo("store-b");
        assertThat(s.storesVisited()).isEqualTo(2);
        // The refund is taken off the sale's own day and store.
        assertThat(members("spend(P10D) >= 500")).containsExactly(m);
        assertThat(members("spend(P9D) > 0")).containsExactly(m);
        at("2025-03-12T11:00:00");
        assertThat(members("spend(P2D) > 0")).isEmpty();
        assertThat(members("spend(P11D) = 1100")).containsExactly(m);
    }

    @Test
    void profileTierReachabilityAndBlockingFollowTheirEvents() {
        MemberId m = join("+79990000002", null);
        kopilka.members().linkTelegram(program, MemberRef.id(m), 777L).orElseThrow();
        assertThat(members("reachable(telegram)")).containsExactly(m);
        kopilka.members().setBirthday(program, MemberRef.id(m), LocalDate.of(2000, 6, 3)).orElseThrow();
        assertThat(members("days-to-birthday = 2")).containsExactly(m);
        kopilka.members().block(program, MemberRef.id(m), "fraud").orElseThrow();
        assertThat(members("blocked")).containsExactly(m);
        kopilka.members().unblock(program, MemberRef.id(m)).orElseThrow();
        assertThat(members("blocked")).isEmpty();
        kopilka.members().unlinkTelegram(program, MemberRef.id(m)).orElseThrow();
        assertThat(members("reachable(telegram)")).isEmpty();
        assertThat(members("reachable(sms) and tier = base")).containsExactly(m);
    }

    @Test
    void aChangeThatRollsBackLeavesNoStatistics() {
        MemberId m = join("+79990000003", null);
        buy(m, "s", 10_000);
        try {
            store.inTransaction(program, tx -> {
                tx.stats().recordPurchase(m, clock.instant(), LocalDate.of(2025, 6, 1), "s", 5_000);
                tx.stats().recordPurchase(m, clock.instant(), LocalDate.of(2025, 6, 1), "elsewhere", 5_000);
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        MemberStats s = segments().stats(program, m).orElseThrow();
        assertThat(s.purchaseCount()).isEqualTo(1);
        assertThat(s.purchaseSum()).isEqualTo(10_000);
        assertThat(s.storesVisited()).isEqualTo(1);
        assertThat(members("spend(P1D) = 100")).containsExactly(m);
        assertThat(members("store in (elsewhere)")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ rules

    @Test
    void recencyFrequencyWindowsStoresAndJoinDates() {
        at("2025-01-10T12:00:00");
        MemberId a = join("+79990000011", null);
        MemberId b = join("+79990000012", null);
        MemberId never = join("+79990000013", null);
        buy(a, "msk-1", 300_000);
        at("2025-04-01T12:00:00");
        buy(a, "msk-2", 100_000);
        buy(b, "msk-1", 20_000);
        at("2025-05-31T12:00:00");
        buy(b, "msk-1", 20_000);
        at("2025-06-01T12:00:00");
        buy(b, "msk-1", 20_000);
        MemberId late = join("+79990000014", null);

        // Today is June 1: a last bought 61 days ago, b today; "never" counts from joining (142 days).
        assertThat(members("days-since-purchase >= 61")).containsExactlyInAnyOrder(a, never);
        assertThat(members("days-since-purchase >= 62")).containsExactly(never);
        assertThat(members("days-since-purchase in 0..61 and purchases >= 1")).containsExactlyInAnyOrder(a, b);
        assertThat(members("purchases(P2D) = 2")).containsExactly(b);
        assertThat(members("purchases(P62D) >= 2")).containsExactly(b);
        assertThat(members("purchases(P62D) >= 3")).containsExactly(b);
        assertThat(members("purchases(P3M) = 1")).containsExactly(a);
        assertThat(members("spend >= 4000")).containsExactly(a);
        assertThat(members("spend(P62D) >= 1000")).containsExactly(a);
        assertThat(members("average-receipt in 200..200")).containsExactly(b);
        assertThat(members("average-receipt >= 2000.01")).isEmpty();
        assertThat(members("store in (msk-2)")).containsExactly(a);
        assertThat(members("store in (home)")).containsExactlyInAnyOrder(a, b, never, late);
        assertThat(members("store(P30D) in (msk-1, msk-2)")).containsExactly(b);
        assertThat(members("days-since-joining = 0")).containsExactly(late);
        assertThat(members("days-since-joining > 100 and not purchases >= 1")).containsExactly(never);
        assertThat(segments().size(program, segments().parse("purchases >= 1 or days-since-joining = 0"))).isEqualTo(3);
    }

    @Test
    void birthdaysAcrossTheYearEndAndOnFebruary29() {
        at("2024-01-01T12:00:00");
        MemberId dec30 = join("+79990000021", LocalDate.of(1980, 12, 30));
        MemberId dec31 = join("+79990000022", LocalDate.of(1980, 12, 31));
        MemberId jan1 = join("+79990000023", LocalDate.of(1981, 1, 1));
        MemberId jan3 = join("+79990000024", LocalDate.of(1981, 1, 3));
        MemberId feb28 = join("+79990000025", LocalDate.of(1992, 2, 28));
        MemberId feb29 = join("+79990000026", LocalDate.of(1992, 2, 29));
        MemberId mar1 = join("+79990000027", LocalDate.of(1992, 3, 1));
        join("+79990000028", null);

        at("2025-12-30T09:00:00");
        assertThat(members("days-to-birthday = 0")).containsExactly(dec30);
        assertThat(members("days-to-birthday in 0..2")).containsExactlyInAnyOrder(dec30, dec31, jan1);
        assertThat(members("days-to-birthday in 1..4")).containsExactlyInAnyOrder(dec31, jan1, jan3);
        // 2026 is a common year: February 29 birthdays are celebrated on February 28.
        at("2026-02-26T09:00:00");
        assertThat(members("days-to-birthday = 2")).containsExactlyInAnyOrder(feb28, feb29);
        assertThat(members("days-to-birthday = 3")).containsExactly(mar1);
        // 2028 is a leap year.
        at("2028-02-27T09:00:00");
        assertThat(members("days-to-birthday = 1")).containsExactly(feb28);
        assertThat(members("days-to-birthday = 2")).containsExactly(feb29);
        assertThat(members("days-to-birthday = 3")).containsExactly(mar1);
        // Ages: born 1992-02-29 turns 36 on 2028-02-29, and 34 on 2026-03-01 (not on Feb 28).
        assertThat(members("age = 35")).containsExactlyInAnyOrder(feb28, feb29, mar1);
        at("2028-02-29T09:00:00");
        assertThat(members("age = 36")).containsExactlyInAnyOrder(feb28, feb29);
        at("2026-02-28T09:00:00");
        assertThat(members("age = 34")).containsExactly(feb28);
        at("2026-03-01T09:00:00");
        assertThat(members("age = 34")).containsExactlyInAnyOrder(feb28, feb29, mar1);
        assertThat(members("age >= 45")).containsExactlyInAnyOrder(dec30, dec31, jan1, jan3);
        assertThat(members("age < 45")).containsExactlyInAnyOrder(feb28, feb29, mar1);
    }

    @Test
    void rfmScoresAreQuintilesOverBuyersWithTiesBrokenByMemberId() {
        at("2025-01-01T12:00:00");
        List<MemberId> m = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            m.add(join(String.format("+7999000%04d", 100 + i), null));
        }
        join("+79990009999", null); // never buys: no score at all
        // Member i spends (i / 3 + 1) * 1000 RUB: ties in threes; buys i % 4 + 1 times; the latest buyers last.
        for (int i = 0; i < 12; i++) {
            at("2025-02-" + String.format("%02d", i + 1) + "T12:00:00");
            for (int k = 0; k <= i % 4; k++) {
                buy(m.get(i), "s", (long) (i / 3 + 1) * 100_000 / (i % 4 + 1));
            }
        }
        at("2025-03-01T12:00:00");
        // 12 buyers in 5 buckets: sizes 3,3,2,2,2. Recency orders by the last purchase: the last two are 5.
        assertThat(members("rfm-recency = 5")).containsExactlyInAnyOrder(m.get(10), m.get(11));
        assertThat(members("rfm-recency = 1")).containsExactlyInAnyOrder(m.get(0), m.get(1), m.get(2));
        // Spend per member: 1000 x3 (ids 1-3), 2000 x3, 3000 x3, 4000 x3 (ids 10-12, minus integer division).
        List<MemberId> bySpend = new ArrayList<>(m);
        Map<MemberId, Long> spend = new HashMap<>();
        for (MemberId id : m) {
            spend.put(id, segments().stats(program, id).orElseThrow().purchaseSum());
        }
        bySpend.sort(Comparator.<MemberId>comparingLong(spend::get).thenComparing(MemberId::value));
        assertThat(members("rfm-monetary = 5")).containsExactlyInAnyOrderElementsOf(bySpend.subList(10, 12));
        assertThat(members("rfm-monetary in 4..5")).containsExactlyInAnyOrderElementsOf(bySpend.subList(8, 12));
        // Frequency: counts 1,2,3,4 repeating; members with 4 purchases (i = 3, 7, 11) are the top.
        assertThat(members("rfm-frequency = 5")).containsExactlyInAnyOrder(m.get(7), m.get(11));
        assertThat(members("rfm-frequency = 5 and rfm-recency = 5")).containsExactly(m.get(11));
        assertThat(members("not rfm-monetary >= 1")).hasSize(1);
    }

    @Test
    void segmentsAreNamedPagedAndTestedOneByOne() {
        at("2025-01-01T12:00:00");
        List<MemberId> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            MemberId id = join(String.format("+7999001%04d", i), null);
            all.add(id);
            if (i % 2 == 0) {
                for (int k = 0; k < 3; k++) {
                    buy(id, "s", 10_000);
                }
            }
        }
        List<MemberId> regulars = all.stream().filter(id -> all.indexOf(id) % 2 == 0)
                .sorted(Comparator.comparing(MemberId::value)).toList();
        assertThat(segments().size(program, "regulars")).isEqualTo(13);
        List<MemberId> paged = new ArrayList<>();
        MemberPage page = segments().members(program, "regulars", null, 5);
        while (true) {
            paged.addAll(page.members());
            if (page.next() == null) {
                break;
            }
            page = segments().members(program, "regulars", page.next(), 5);
        }
        assertThat(paged).containsExactlyElementsOf(regulars);
        assertThat(segments().contains(program, "regulars", all.get(0))).isTrue();
        assertThat(segments().contains(program, "regulars", all.get(1))).isFalse();
        assertThat(segments().size(program, new SegmentRule.Not(new SegmentRule.Named("regulars")))).isEqualTo(12);
    }

    @Test
    void aSyntheticRetailerGivesTheSameMembersAsTheInMemoryReference() {
        SyntheticRetailer retailer = SyntheticRetailer.builder().seed(11).members(120)
                .period(LocalDate.of(2024, 11, 1), LocalDate.of(2025, 12, 31)).telegramAdoption(0.2).build();
        clock.set(retailer.start());
        retailer.loadInto(kopilka, program, clock);
        SettableClock refClock = new SettableClock(retailer.start(), ZONE);
        KopilkaStore memory = new InMemoryStore();
        Kopilka reference = kopilka(memory, refClock, program, Map.of());
        retailer.loadInto(reference, program, refClock);
        int nonEmpty = 0;
        int checked = 0;
        for (String day : List.of("2025-12-31T20:00:00", "2026-02-27T10:00:00", "2026-03-01T10:00:00")) {
            Instant now = java.time.LocalDateTime.parse(day).atZone(ZONE).toInstant();
            clock.set(now);
            refClock.set(now);
            for (String rule : List.of("days-since-purchase >= 30", "days-since-purchase in 60..120",
                    "purchases(P90D) >= 3", "spend(P1Y) >= 10000", "average-receipt >= 2000", "store(P30D) in (store-2, web)",
                    "store in (store-3)", "age in 25..40", "days-to-birthday in 0..7", "days-to-birthday in 2..40",
                    "reachable(telegram) and not segment(regulars)", "rfm-recency >= 4 and rfm-frequency >= 4",
                    "rfm-monetary = 5", "segment(vip) or segment(churn-risk)", "segment(loyal)", "segment(regulars)",
                    "days-since-joining <= 60", "tier = base and not blocked", "spend(P365D) in 5000..20000",
                    "purchases(P365D) >= 2 and not spend(P90D) >= 3000", "rfm-frequency <= 2 or rfm-monetary in 2..3",
                    // after the refresh below: counters and the day's RFM boundaries; before it, the exact paths
                    "REFRESH", "purchases(P90D) >= 3", "purchases(P365D) >= 2 and not spend(P90D) >= 3000",
                    "spend(P365D) in 5000..20000", "rfm-recency >= 4 and rfm-frequency >= 4", "rfm-monetary = 5",
                    "rfm-frequency <= 2 or rfm-monetary in 2..3", "segment(vip) or segment(churn-risk)",
                    "segment(loyal)", "segment(regulars)")) {
                if (rule.equals("REFRESH")) {
                    segments().refresh(program);
                    reference.segments().refresh(program);
                    continue;
                }
                SegmentRule parsed = segments().parse(rule);
                List<MemberId> expected = reference.segments().members(program, parsed, null, 10_000).members();
                assertThat(segments().members(program, parsed, null, 10_000).members()).as(rule + " on " + day)
                        .containsExactlyElementsOf(expected);
                assertThat(segments().size(program, parsed)).as(rule).isEqualTo(expected.size());
                checked++;
                nonEmpty += expected.isEmpty() || expected.size() == retailer.memberCount() ? 0 : 1;
            }
        }
        // The comparison means something only if the rules split the base.
        assertThat(nonEmpty).as("rules that split the synthetic base").isGreaterThanOrEqualTo(checked * 3 / 4);
        memory.close();
    }

    @Test
    void theStatisticsFastPathGivesTheSameMembersAsTheInMemoryReference() {
        SyntheticRetailer retailer = SyntheticRetailer.builder().seed(5).members(400)
                .period(LocalDate.of(2023, 12, 1), LocalDate.of(2025, 12, 31)).build();
        retailer.loadStatistics(store, program, 150);
        KopilkaStore memory = new InMemoryStore();
        retailer.loadStatistics(memory, program, 1_000);
        LocalDate today = LocalDate.of(2026, 1, 1);
        long everyone = store.readOnly(program, tx -> tx.stats().count(new SegmentRule.AllOf(List.of()), today));
        assertThat(everyone).isEqualTo(400);
        List<String> rules = List.of("days-since-purchase in 1..45", "purchases(P180D) >= 2 and spend(P180D) >= 3000",
                "days-to-birthday in 0..1", "age >= 50", "rfm-recency = 5 or rfm-monetary <= 2",
                "rfm-frequency >= 4 and rfm-monetary >= 4 and rfm-recency >= 3", "not rfm-recency >= 1",
                "store(P1Y) in (web) and not store(P90D) in (web)", "reachable(telegram)",
                "purchases(P90D) >= 2 or spend(P365D) in 3000..9000", "not purchases(P365D) >= 1");
        List<String> twice = new ArrayList<>(rules);
        twice.add("REFRESH");
        twice.addAll(rules);
        for (String rule : twice) {
            if (rule.equals("REFRESH")) {
                store.inTransaction(program, tx -> {
                    tx.stats().refresh(today);
                    return null;
                });
                memory.inTransaction(program, tx -> {
                    tx.stats().refresh(today);
                    return null;
                });
                continue;
            }
            SegmentRule parsed = segments().resolve(segments().parse(rule));
            List<MemberId> expected = memory.readOnly(program, tx -> tx.stats().select(parsed, today, null, 1_000));
            List<MemberId> actual = store.readOnly(program, tx -> tx.stats().select(parsed, today, null, 1_000));
            assertThat(actual).as(rule).containsExactlyElementsOf(expected);
            if (expected.size() > 3) {
                MemberId third = expected.get(2);
                List<MemberId> page = store.readOnly(program, tx -> tx.stats().select(parsed, today, third, 2));
                assertThat(page).as(rule).containsExactlyElementsOf(expected.subList(3, Math.min(5, expected.size())));
                boolean matches = store.readOnly(program, tx -> tx.stats().matches(parsed, today, third));
                assertThat(matches).as(rule).isTrue();
            }
            // In bulk: every member with the ones that match picked out, as the reference selects them.
            List<MemberId> everyoneIds = memory.readOnly(program, tx -> tx.stats()
                    .select(new SegmentRule.AllOf(List.of()), today, null, 1_000));
            List<MemberId> asked = new java.util.ArrayList<>(everyoneIds);
            asked.add(MemberId.of("nobody"));
            java.util.Set<MemberId> among = store.readOnly(program, tx -> tx.stats().matchingAmong(parsed, today, asked));
            assertThat(among).as(rule).containsExactlyInAnyOrderElementsOf(expected);
            java.util.Set<MemberId> firstTen = store.readOnly(program, tx -> tx.stats().matchingAmong(parsed, today,
                    everyoneIds.subList(0, 10)));
            assertThat(firstTen).as(rule).containsExactlyInAnyOrderElementsOf(
                    expected.stream().filter(everyoneIds.subList(0, 10)::contains).toList());
        }
        memory.close();
    }

    // ------------------------------------------------------------------------------------------ freshness

    private List<MemberId> membersOn(String rule, LocalDate day) {
        SegmentRule parsed = segments().resolve(segments().parse(rule));
        return store.readOnly(program, tx -> tx.stats().select(parsed, day, null, 10_000));
    }

    @Test
    void rollingWindowsStayExactAcrossMidnightRefreshesAndReturns() {
        at("2024-12-01T10:00:00");
        MemberId a = join("+79990000041", null);
        MemberId b = join("+79990000042", null);
        MemberId c = join("+79990000043", null);
        at("2025-01-01T23:59:00");
        String old = buy(a, "s1", 100_000);
        buy(c, "s1", 10_000);
        segments().refresh(program);
        at("2025-03-01T12:00:00");
        buy(c, "s2", 20_000);
        // P90D on March 31 is January 1 - March 31: a's purchase late on January 1 is still in.
        at("2025-03-31T23:59:59");
        assertThat(members("purchases(P90D) = 1 and spend(P90D) = 1000")).containsExactly(a);
        assertThat(members("purchases(P90D) = 2 and spend(P90D) = 300")).containsExactly(c);
        // One second later it has left the window, with or without a refresh in between.
        at("2025-04-01T00:00:01");
        assertThat(members("purchases(P90D) >= 1")).containsExactly(c);
        assertThat(members("spend(P90D) = 200")).containsExactly(c);
        assertThat(members("purchases(P365D) = 1 and spend(P365D) = 1000")).containsExactly(a);
        segments().refresh(program);
        assertThat(members("purchases(P90D) >= 1")).containsExactly(c);
        assertThat(members("spend(P90D) = 200")).containsExactly(c);
        assertThat(members("purchases(P365D) = 1 and spend(P365D) = 1000")).containsExactly(a);
        // A purchase after midnight is not in the previous day's windows (asked for that day), but in today's.
        String fresh = buy(b, "s1", 50_000);
        assertThat(membersOn("purchases(P90D) >= 1", LocalDate.of(2025, 3, 31))).containsExactly(a, c);
        assertThat(membersOn("purchases(P365D) >= 1", LocalDate.of(2025, 3, 31))).containsExactly(a, c);
        assertThat(members("purchases(P90D) >= 1")).containsExactlyInAnyOrder(b, c);
        // Returns: the refund comes off the sale's day, in whichever windows still hold it.
        at("2025-04-02T10:00:00");
        kopilka.checkout().applyReturn(program, "ret-41", ReturnRequest.ofAmount(fresh, 20_000)).orElseThrow();
        kopilka.checkout().applyReturn(program, "ret-42", ReturnRequest.ofAmount(old, 40_000)).orElseThrow();
        assertThat(members("spend(P90D) = 300")).containsExactly(b);
        assertThat(members("spend(P365D) = 600")).containsExactly(a);
        assertThat(members("purchases(P90D) = 1 and spend(P90D) = 300")).containsExactly(b);
        segments().refresh(program);
        assertThat(members("spend(P90D) = 300")).containsExactly(b);
        assertThat(members("spend(P365D) = 600")).containsExactly(a);
        // A year after a's purchase only the lifetime figures hold it.
        at("2026-01-01T12:00:00");
        assertThat(members("purchases(P365D) >= 1")).containsExactlyInAnyOrder(b, c);
        segments().refresh(program);
        assertThat(members("purchases(P365D) >= 1")).containsExactlyInAnyOrder(b, c);
        assertThat(members("purchases >= 1 and not purchases(P365D) >= 1")).containsExactly(a);
        assertThat(segments().size(program, segments().parse("purchases(P365D) >= 1"))).isEqualTo(2);
    }

    @Test
    void aPurchaseInTheRefreshedWindowsAndABackdatedOneStayExact() {
        at("2025-05-01T12:00:00");
        MemberId m = join("+79990000044", null);
        buy(m, "s", 10_000);
        segments().refresh(program);
        at("2025-06-01T12:00:00");
        buy(m, "s", 20_000);
        // Recorded for a day before the 90-day window (an import): counted in P365D only.
        store.inTransaction(program, tx -> tx.stats().recordPurchase(m, clock.instant(), LocalDate.of(2025, 2, 1), "s",
                40_000));
        assertThat(members("purchases(P90D) = 2 and spend(P90D) = 300")).containsExactly(m);
        assertThat(members("purchases(P365D) = 3 and spend(P365D) = 700")).containsExactly(m);
        segments().refresh(program);
        assertThat(members("purchases(P90D) = 2 and spend(P90D) = 300")).containsExactly(m);
        assertThat(members("purchases(P365D) = 3 and spend(P365D) = 700")).containsExactly(m);
        assertThat(segments().contains(program, segments().parse("spend(P365D) = 700"), m)).isTrue();
    }

    @Test
    void rfmScoresOfADayAreScoredAgainstItsFirstRanking() {
        at("2025-01-10T12:00:00");
        List<MemberId> m = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            MemberId id = join(String.format("+7999002%04d", i), null);
            m.add(id);
            buy(id, "s", (i + 1) * 10_000L);
        }
        // 10 buyers: quintiles of 2; the two biggest spenders are 5.
        assertThat(members("rfm-monetary = 5")).containsExactlyInAnyOrder(m.get(8), m.get(9));
        segments().refresh(program);
        assertThat(members("rfm-monetary = 5")).containsExactlyInAnyOrder(m.get(8), m.get(9));
        assertThat(members("rfm-monetary = 1")).containsExactlyInAnyOrder(m.get(0), m.get(1));
        assertThat(members("not rfm-monetary >= 1")).isEmpty();
        // A new buyer today is scored against the morning's boundaries: above the top one, so 5, nobody moves down.
        MemberId big = join("+79990029999", null);
        buy(big, "s", 500_000);
        assertThat(members("rfm-monetary = 5")).containsExactlyInAnyOrder(m.get(8), m.get(9), big);
        assertThat(segments().contains(program, "vip", big)).isTrue();
        assertThat(members("not rfm-monetary >= 1")).isEmpty();
        // A second refresh the same day keeps the first ranking.
        segments().refresh(program);
        assertThat(members("rfm-monetary = 5")).containsExactlyInAnyOrder(m.get(8), m.get(9), big);
        // The next day without a refresh ranks in the query (11 buyers: 3,2,2,2,2), with one ranks once again.
        at("2025-01-11T12:00:00");
        assertThat(members("rfm-monetary = 5")).containsExactlyInAnyOrder(m.get(9), big);
        segments().refresh(program);
        assertThat(members("rfm-monetary = 5")).containsExactlyInAnyOrder(m.get(9), big);
        assertThat(members("rfm-monetary = 4")).containsExactlyInAnyOrder(m.get(7), m.get(8));
        assertThat(members("rfm-monetary = 1")).containsExactlyInAnyOrder(m.get(0), m.get(1), m.get(2));
        // The day before the ranking is ranked in the query.
        assertThat(membersOn("rfm-monetary = 5", LocalDate.of(2025, 1, 10))).containsExactlyInAnyOrder(m.get(9), big);
    }

    @Test
    void unreachableChannelEventsRecordedInTheTransaction() {
        MemberId m = join("+79990000031", null);
        store.inTransaction(program, tx -> tx.stats().setReachable(m, Channel.SMS, false));
        assertThat(members("reachable(sms)")).isEmpty();
        assertThat(MessagingEvents.ChannelUnreachable.class).isNotNull();
    }
}
