package dev.kopilka.testkit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.campaign.Participation;
import dev.kopilka.campaign.SweepReport;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.Registration;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.StoreTransaction;
import dev.kopilka.store.port.TransactionWork;
import dev.kopilka.testkit.SettableClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The daily sweep asks the store per page, not per participant: every store call the engine makes while sweeping is
 * counted (a proxy around the in-memory store's ports), and none of the single-member reads and writes the
 * participants' work used to make may appear — only the page-wide ones, once per page.
 */
class SweepInBulkTest {

    private static final int MEMBERS = 45;
    private static final int PAGE = 20; // three pages: 20, 20, 5

    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final AtomicBoolean counting = new AtomicBoolean();

    @Test
    void aSweepPageReadsAndWritesItsParticipantsInBulk() {
        SettableClock clock = SettableClock.at("2026-02-10T10:00", "Europe/Moscow");
        KopilkaStore store = counted(new InMemoryStore());
        Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(Map.ofEntries(
                Map.entry("kopilka.program.id", "bulk"), Map.entry("kopilka.program.zone", "Europe/Moscow"),
                Map.entry("kopilka.campaigns.sweep-page-size", String.valueOf(PAGE)),
                Map.entry("kopilka.campaigns.frequency-cap.messages", "3"),
                Map.entry("kopilka.campaigns.lapsed.trigger", "inactive"),
                Map.entry("kopilka.campaigns.lapsed.trigger.days", "10"),
                Map.entry("kopilka.campaigns.lapsed.control-percent", "20"),
                Map.entry("kopilka.campaigns.lapsed.grant.points", "250"),
                Map.entry("kopilka.campaigns.lapsed.grant.validity", "P10D"),
                Map.entry("kopilka.campaigns.lapsed.promo.discount", "10%"),
                Map.entry("kopilka.campaigns.lapsed.promo.validity", "P30D"),
                Map.entry("kopilka.campaigns.lapsed.message", "{name}: {points} points, balance {balance}, code "
                        + "{promo_code}")))).store(store).clock(clock).build();
        ProgramId program = k.program();
        List<MemberId> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(k.members().register(program, Registration.withPhone(String.format("+7999777%04d", i)))
                    .orElseThrow().id());
        }
        clock.advanceDays(10);

        counting.set(true);
        SweepReport report = k.campaigns().sweep(program, clock.zonedNow().toLocalDate());
        counting.set(false);

        int control = report.control().getOrDefault("lapsed", 0);
        assertThat(report.treated().get("lapsed") + control).isEqualTo(MEMBERS);
        assertThat(control).as("the control group is drawn").isPositive();
        assertThat(k.campaigns().participations(program, "lapsed")).extracting(Participation::member)
                .containsExactlyInAnyOrderElementsOf(members);
        int pages = (MEMBERS + PAGE - 1) / PAGE;
        // Single-member calls of the participants' work: none.
        for (String single : List.of("CampaignStore.find", "CampaignStore.insert", "CampaignStore.treatedSince",
                "LedgerStore.account", "LedgerStore.memberLedger", "LedgerStore.adjustment",
                "LedgerStore.insertAdjustment", "LedgerStore.saveAccount", "MemberStore.lock", "MemberStore.findById",
                "PromoCodeStore.exists", "PromoCodeStore.insert", "MemberStatsStore.matches")) {
            assertThat(calls.getOrDefault(single, 0)).as(single).isZero();
        }
        // Page-wide calls: once per page.
        for (String bulk : List.of("CampaignStore.findAll", "CampaignStore.insertAll", "CampaignStore.treatedSinceAll",
                "LedgerStore.accounts", "MemberStore.lockAll", "LedgerStore.adjustments", "LedgerStore.saveAccounts",
                "LedgerStore.insertAdjustments", "LedgerStore.insertLots", "LedgerStore.appendEntries",
                "PromoCodeStore.insertAll", "OutboxStore.enqueue", "MemberStore.findByIds")) {
            assertThat(calls.getOrDefault(bulk, 0)).as(bulk).isBetween(pages, 2 * pages); // findByIds: owners too
        }
        long messages = store.readOnly(program, tx -> tx.outbox().countByState().values().stream()
                .mapToLong(Long::longValue).sum());
        assertThat(messages).isEqualTo((long) report.treated().get("lapsed"));
        assertThat(calls.getOrDefault("MemberStatsStore.refresh", 0))
                .as("no audience scores RFM or counts over a window: no statistics refresh").isZero();
    }

    @Test
    void theStatisticsAreRefreshedOnceWhenAnAudienceScoresRfmOrCountsOverAWindow() {
        for (String audience : List.of("vip", "regulars", "lapsed-buyers")) {
            calls.clear();
            SettableClock clock = SettableClock.at("2026-02-10T10:00", "Europe/Moscow");
            Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(Map.ofEntries(
                    Map.entry("kopilka.program.id", "refresh"), Map.entry("kopilka.program.zone", "Europe/Moscow"),
                    Map.entry("kopilka.segments.lapsed-buyers.rule", "days-since-purchase >= 5 and not purchases(P30D) >= 1"),
                    Map.entry("kopilka.campaigns.lapsed.trigger", "inactive"),
                    Map.entry("kopilka.campaigns.lapsed.trigger.days", "10"),
                    Map.entry("kopilka.campaigns.lapsed.audience", audience),
                    Map.entry("kopilka.campaigns.lapsed.message", "{name}, we miss you"))))
                    .store(counted(new InMemoryStore())).clock(clock).build();
            k.members().register(k.program(), Registration.withPhone("+79997770001")).orElseThrow();
            clock.advanceDays(10);

            counting.set(true);
            k.campaigns().sweep(k.program(), clock.zonedNow().toLocalDate());
            counting.set(false);

            assertThat(calls.getOrDefault("MemberStatsStore.refresh", 0)).as(audience).isEqualTo(1);
        }
    }

    @Test
    void aBroadcastToAnRfmSegmentRefreshesTheStatisticsOnlyOnItsDays() {
        SettableClock clock = SettableClock.at("2026-02-10T10:00", "Europe/Moscow");
        Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(Map.ofEntries(
                Map.entry("kopilka.program.id", "broadcast"), Map.entry("kopilka.program.zone", "Europe/Moscow"),
                Map.entry("kopilka.campaigns.offer.trigger", "broadcast"),
                Map.entry("kopilka.campaigns.offer.trigger.at", "2026-02-15T11:00"),
                Map.entry("kopilka.campaigns.offer.audience", "vip"),
                Map.entry("kopilka.campaigns.offer.message", "{name}, the winter collection is in"))))
                .store(counted(new InMemoryStore())).clock(clock).build();
        k.members().register(k.program(), Registration.withPhone("+79997770002")).orElseThrow();
        List<Integer> refreshes = new ArrayList<>();
        for (int day = 0; day < 6; day++) {
            calls.clear();
            counting.set(true);
            k.campaigns().sweep(k.program(), clock.zonedNow().toLocalDate());
            counting.set(false);
            refreshes.add(calls.getOrDefault("MemberStatsStore.refresh", 0));
            clock.advanceDays(1);
        }
        assertThat(refreshes).containsExactly(0, 0, 0, 0, 0, 1); // Feb 10..14 no, Feb 15 (the broadcast's day) yes
    }

    /** The store with every port it hands out wrapped in a proxy that counts the engine's calls while sweeping. */
    private KopilkaStore counted(KopilkaStore store) {
        return (KopilkaStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KopilkaStore.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 2 && args[1] instanceof TransactionWork<?> work) {
                        TransactionWork<Object> wrapped = tx -> ((TransactionWork<?>) work).execute(countedTx(tx));
                        args = new Object[] {args[0], wrapped};
                    }
                    return invoke(store, method, args);
                });
    }

    private StoreTransaction countedTx(StoreTransaction tx) {
        return (StoreTransaction) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StoreTransaction.class}, (proxy, method, args) -> {
                    Object port = invoke(tx, method, args);
                    Class<?> type = method.getReturnType();
                    if (port == null || !type.isInterface() || !type.getPackageName().endsWith(".port")) {
                        return port;
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                            countingHandler(type.getSimpleName(), port));
                });
    }

    private InvocationHandler countingHandler(String port, Object target) {
        return (proxy, method, args) -> {
            if (counting.get()) {
                calls.merge(port + "." + method.getName(), 1, Integer::sum);
            }
            return invoke(target, method, args);
        };
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
