package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.campaign.Participation;
import dev.kopilka.campaign.Participation.Group;
import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.store.port.KopilkaStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every store's {@link CampaignStore} must pass: unique participations, their queries, rollback,
 * program isolation, and the sweep run claim with its lease (one winner among racing instances). Extend it and
 * implement {@link #createStore()}; the in-memory store passes it in the testkit's own tests.
 */
public abstract class CampaignStoreContract {

    /** Nanosecond precision on purpose: stores must keep instants exactly. */
    protected static final Instant T0 = Instant.parse("2026-03-02T07:00:00.123456789Z");

    protected KopilkaStore store;
    protected ProgramId program;

    protected abstract KopilkaStore createStore();

    protected void cleanUp(KopilkaStore used) {
        used.close();
    }

    @BeforeEach
    void openStore() {
        store = createStore();
        program = ProgramId.of("campaigns-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            cleanUp(store);
        }
    }

    private <T> T write(Function<CampaignStore, T> work) {
        return store.inTransaction(program, tx -> work.apply(tx.campaigns()));
    }

    private <T> T read(Function<CampaignStore, T> work) {
        return store.readOnly(program, tx -> work.apply(tx.campaigns()));
    }

    private boolean insert(Participation p) {
        return write(s -> s.insert(p));
    }

    private boolean claim(String sweep, LocalDate day, String owner, Instant now, Duration lease) {
        return write(s -> s.claimRun(sweep, day, owner, now, lease));
    }

    private static Participation treated(String campaign, String member, String occurrence, Instant at) {
        return new Participation(campaign, MemberId.of(member), occurrence, Group.TREATED, at, 250,
                at.plus(10, ChronoUnit.DAYS), "CODE-" + member.toUpperCase(), List.of("msg-1-" + member, "msg-2"));
    }

    private static Participation of(Group group, String campaign, String member, String occurrence, Instant at) {
        return new Participation(campaign, MemberId.of(member), occurrence, group, at, 0, null, null, List.of());
    }

    @Test
    @DisplayName("a participation is kept exactly and is unique on (campaign, member, occurrence)")
    void uniqueParticipation() {
        Participation first = treated("reactivation", "m1", "lapse:2026-01-01", T0);
        assertThat(insert(first)).isTrue();
        Participation again = of(Group.CONTROL, "reactivation", "m1", "lapse:2026-01-01", T0.plusSeconds(5));
        assertThat(insert(again)).isFalse();
        assertThat(insert(of(Group.CONTROL, "reactivation", "m1", "lapse:2026-05-01", T0))).isTrue();
        assertThat(insert(of(Group.CONTROL, "birthday", "m1", "lapse:2026-01-01", T0))).isTrue();
        assertThat(insert(of(Group.CONTROL, "reactivation", "m2", "lapse:2026-01-01", T0))).isTrue();

        assertThat(this.<java.util.Optional<Participation>>read(s -> s.find("reactivation", MemberId.of("m1"), "lapse:2026-01-01"))).contains(first);
        assertThat(this.<java.util.Optional<Participation>>read(s -> s.find("reactivation", MemberId.of("m3"), "lapse:2026-01-01"))).isEmpty();
        assertThat(this.<List<Participation>>read(s -> s.ofCampaign("reactivation"))).hasSize(3);
    }

    @Test
    @DisplayName("in bulk: a page's participations found by (member, occurrence), inserted with duplicates skipped")
    void bulkFindAndInsert() {
        Participation stored = treated("reactivation", "m1", "lapse:2026-01-01", T0);
        insert(stored);
        insert(of(Group.CONTROL, "reactivation", "m2", "lapse:2025-06-01", T0));
        insert(of(Group.CONTROL, "birthday", "m3", "lapse:2026-01-01", T0));
        List<CampaignStore.Occurrence> asked = List.of(
                new CampaignStore.Occurrence(MemberId.of("m1"), "lapse:2026-01-01"),
                new CampaignStore.Occurrence(MemberId.of("m2"), "lapse:2026-01-01"), // another lapse of m2 is stored
                new CampaignStore.Occurrence(MemberId.of("m3"), "lapse:2026-01-01"), // stored for another campaign
                new CampaignStore.Occurrence(MemberId.of("m4"), "lapse:2026-01-01"),
                new CampaignStore.Occurrence(MemberId.of("m1"), "lapse:2026-01-01"));
        assertThat(this.<List<Participation>>read(s -> s.findAll("reactivation", asked))).containsExactly(stored);
        assertThat(this.<List<Participation>>read(s -> s.findAll("reactivation", List.of()))).isEmpty();

        // More rows than one statement takes, a stored key and a key twice in the batch: each skipped, the rest in.
        List<Participation> batch = new ArrayList<>();
        for (int i = 0; i < 620; i++) {
            batch.add(i % 2 == 0 ? treated("reactivation", String.format("b%04d", i), "lapse:2026-01-01", T0)
                    : of(Group.CAPPED, "reactivation", String.format("b%04d", i), "lapse:2026-01-01", T0));
        }
        batch.add(of(Group.CONTROL, "reactivation", "m1", "lapse:2026-01-01", T0.plusSeconds(5)));
        batch.add(of(Group.CONTROL, "reactivation", "b0000", "lapse:2026-01-01", T0.plusSeconds(5)));
        assertThat(this.<Integer>write(s -> s.insertAll(batch))).isEqualTo(620);
        assertThat(this.<Integer>write(s -> s.insertAll(List.of()))).isZero();
        assertThat(this.<java.util.Optional<Participation>>read(s -> s.find("reactivation", MemberId.of("m1"),
                "lapse:2026-01-01"))).contains(stored);
        assertThat(this.<java.util.Optional<Participation>>read(s -> s.find("reactivation", MemberId.of("b0000"),
                "lapse:2026-01-01"))).contains(batch.get(0));
        List<CampaignStore.Occurrence> all = batch.stream()
                .map(p -> new CampaignStore.Occurrence(p.member(), p.occurrence())).toList();
        List<Participation> expected = new ArrayList<>(batch.subList(0, 620));
        expected.add(stored);
        assertThat(this.<List<Participation>>read(s -> s.findAll("reactivation", all)))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("in bulk: treated counts of many members equal their counts one by one")
    void bulkTreatedSince() {
        write(s -> {
            s.insert(treated("welcome", "m1", "once", T0));
            s.insert(treated("birthday", "m1", "birthday:2026", T0.plusSeconds(40)));
            s.insert(treated("birthday", "m2", "birthday:2026", T0.minusSeconds(1)));
            s.insert(of(Group.CONTROL, "welcome", "m2", "once", T0.plusSeconds(1)));
            s.insert(treated("thank-you", "m3", "receipt:r1", T0.plusSeconds(50)));
            for (int i = 0; i < 600; i++) {
                s.insert(treated("welcome", String.format("b%04d", i), "once", T0.plusSeconds(i)));
            }
            return null;
        });
        List<MemberId> members = new ArrayList<>(List.of(MemberId.of("m1"), MemberId.of("m2"), MemberId.of("m3"),
                MemberId.of("nobody"), MemberId.of("m1")));
        for (int i = 0; i < 600; i++) {
            members.add(MemberId.of(String.format("b%04d", i)));
        }
        List<String> campaigns = List.of("welcome", "birthday");
        Map<MemberId, Integer> bulk = read(s -> s.treatedSinceAll(members, campaigns, T0));
        for (MemberId m : members) {
            int one = read(s -> s.treatedSince(m, campaigns, T0));
            assertThat(bulk.getOrDefault(m, 0)).as(m.value()).isEqualTo(one);
        }
        assertThat(bulk.get(MemberId.of("m1"))).isEqualTo(2);
        assertThat(bulk.getOrDefault(MemberId.of("m3"), 0)).isZero();
        assertThat(this.<Map<MemberId, Integer>>read(s -> s.treatedSinceAll(members, List.of(), T0))).isEmpty();
    }

    @Test
    @DisplayName("a duplicate in the same transaction is refused without spoiling it: the rest commits")
    void duplicateInOneTransaction() {
        Participation first = treated("welcome", "m1", "once", T0);
        List<Boolean> answers = write(s -> List.of(s.insert(first),
                s.insert(of(Group.CONTROL, "welcome", "m1", "once", T0.plusSeconds(1))),
                s.insert(treated("welcome", "m2", "once", T0))));
        assertThat(answers).containsExactly(true, false, true);
        assertThat(this.<java.util.Optional<Participation>>read(s -> s.find("welcome", MemberId.of("m1"), "once")))
                .contains(first);
        assertThat(this.<List<Participation>>read(s -> s.ofCampaign("welcome"))).hasSize(2);
    }

    @Test
    @DisplayName("participations of a campaign in time order; treated ones within a window; treated since")
    void queries() {
        write(s -> {
            s.insert(treated("welcome", "m1", "once", T0.plusSeconds(30)));
            s.insert(treated("welcome", "m2", "once", T0));
            s.insert(of(Group.CONTROL, "welcome", "m3", "once", T0.plusSeconds(10)));
            s.insert(of(Group.CAPPED, "welcome", "m4", "once", T0.plusSeconds(10)));
            s.insert(treated("welcome", "m5", "once", T0.plusSeconds(60)));
            s.insert(treated("birthday", "m1", "birthday:2026", T0.plusSeconds(40)));
            s.insert(treated("thank-you", "m1", "receipt:r1", T0.plusSeconds(50)));
            return null;
        });

        assertThat(this.<List<Participation>>read(s -> s.ofCampaign("welcome"))).extracting(p -> p.member().value())
                .containsExactly("m2", "m3", "m4", "m1", "m5");
        assertThat(this.<List<Participation>>read(s -> s.treatedBetween("welcome", T0, T0.plusSeconds(60)))).extracting(p -> p.member().value())
                .containsExactly("m2", "m1");
        assertThat((int) read(s -> s.treatedSince(MemberId.of("m1"), Set.of("welcome", "birthday"),
                T0.plusSeconds(30)))).isEqualTo(2);
        assertThat((int) read(s -> s.treatedSince(MemberId.of("m1"), Set.of("welcome", "birthday"),
                T0.plusSeconds(31)))).isEqualTo(1);
        assertThat((int) read(s -> s.treatedSince(MemberId.of("m3"), Set.of("welcome"), T0))).isZero();
        assertThat((int) read(s -> s.treatedSince(MemberId.of("m1"), Set.of(), T0))).isZero();
    }

    @Test
    @DisplayName("a rolled-back participation is gone; programs do not see each other's")
    void rollbackAndIsolation() {
        assertThatThrownBy(() -> store.inTransaction(program, tx -> {
            tx.campaigns().insert(treated("welcome", "m1", "once", T0));
            tx.campaigns().claimRun("daily", LocalDate.of(2026, 3, 2), "a", T0, Duration.ofMinutes(5));
            throw new IllegalArgumentException("boom");
        })).hasMessage("boom");
        assertThat(this.<List<Participation>>read(s -> s.ofCampaign("welcome"))).isEmpty();
        assertThat(claim("daily", LocalDate.of(2026, 3, 2), "b", T0, Duration.ofMinutes(5))).isTrue();

        write(s -> s.insert(treated("welcome", "m1", "once", T0)));
        ProgramId other = ProgramId.of(program.value() + "-other");
        assertThat(store.<List<Participation>>readOnly(other, tx -> tx.campaigns().ofCampaign("welcome"))).isEmpty();
        boolean inserted = store.inTransaction(other, tx -> tx.campaigns().insert(treated("welcome", "m1", "once", T0)));
        assertThat(inserted).isTrue();
        boolean claimed = store.inTransaction(other, tx -> tx.campaigns().claimRun("daily", LocalDate.of(2026, 3, 2),
                "c", T0, Duration.ofMinutes(5)));
        assertThat(claimed).isTrue();
    }

    @Test
    @DisplayName("the day's run is held by one owner until its lease ends; a finished run may be claimed again")
    void runClaims() {
        LocalDate day = LocalDate.of(2026, 3, 2);
        Duration lease = Duration.ofMinutes(30);
        assertThat(claim("daily", day, "a", T0, lease)).isTrue();
        assertThat(claim("daily", day, "b", T0.plusSeconds(60), lease)).isFalse();
        assertThat(claim("daily", day, "a", T0.plusSeconds(60), lease)).as("own claim renewed")
                .isTrue();
        assertThat(claim("daily", day.plusDays(1), "b", T0, lease)).as("another day").isTrue();
        assertThat(claim("other-sweep", day, "b", T0, lease)).as("another sweep").isTrue();
        assertThat((boolean) read(s -> s.runFinished("daily", day))).isFalse();
        assertThat(claim("daily", day, "b", T0.plusSeconds(60).plus(lease), lease))
                .as("the holder's lease ran out (a killed instance)").isTrue();
        assertThatThrownBy(() -> write(s -> {
            s.finishRun("daily", day, "a", T0.plusSeconds(3000));
            return null;
        })).isInstanceOf(RuntimeException.class);
        write(s -> {
            s.finishRun("daily", day, "b", T0.plusSeconds(3000));
            return null;
        });
        assertThat((boolean) read(s -> s.runFinished("daily", day))).isTrue();
        assertThat(claim("daily", day, "c", T0.plusSeconds(3001), lease)).isTrue();
        assertThat((boolean) read(s -> s.runFinished("daily", day))).as("claimed again: running").isFalse();
    }

    @Test
    @DisplayName("of eight instances claiming the same run at once exactly one wins")
    void racingClaims() throws Exception {
        LocalDate day = LocalDate.of(2026, 3, 3);
        int instances = 8;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                String owner = "instance-" + i;
                Callable<Boolean> claim = () -> {
                    start.await();
                    return claim("daily", day, owner, T0, Duration.ofMinutes(30));
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("through the engine: a welcome grant once per member, a re-run sweep grants nothing twice")
    void throughTheEngine() {
        SettableClock clock = SettableClock.at("2026-03-02T10:00", "Europe/Moscow");
        Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program.value(),
                "kopilka.program.zone", "Europe/Moscow", "kopilka.earning.delay", "P0D",
                "kopilka.campaigns.welcome.trigger", "registered", "kopilka.campaigns.welcome.grant.points", "100",
                "kopilka.campaigns.lapsed.trigger", "inactive", "kopilka.campaigns.lapsed.trigger.days", "10",
                "kopilka.campaigns.lapsed.grant.points", "250", "kopilka.campaigns.lapsed.grant.validity", "P10D")))
                .store(store).clock(clock).build();
        MemberId anna = k.members().register(program, Registration.withPhone("+79990001122")).orElseThrow().id();
        clock.advanceDays(10);
        k.campaigns().sweep(program, clock.zonedNow().toLocalDate());
        k.campaigns().sweep(program, clock.zonedNow().toLocalDate());
        clock.advanceDays(1);
        k.campaigns().sweep(program, clock.zonedNow().toLocalDate());

        List<Lot> lots = k.ledger().lots(program, MemberRef.id(anna)).orElseThrow();
        assertThat(lots).filteredOn(l -> l.source() == LotSource.CAMPAIGN).extracting(Lot::points)
                .containsExactlyInAnyOrder(100L, 250L);
        assertThat(k.campaigns().participations(program, "lapsed")).singleElement()
                .satisfies(p -> assertThat(p.occurrence()).isEqualTo("lapse:2026-03-02"));
    }

    @Test
    @DisplayName("through the engine: a sweep killed half-way is taken over after its lease and grants nobody twice")
    void killedSweep() {
        SettableClock clock = SettableClock.at("2026-03-02T10:00", "Europe/Moscow");
        Map<String, String> p = Map.of("kopilka.program.id", program.value(), "kopilka.program.zone", "Europe/Moscow",
                "kopilka.earning.delay", "P0D", "kopilka.campaigns.sweep-page-size", "3",
                "kopilka.campaigns.sweep-lease", "PT10M", "kopilka.campaigns.lapsed.trigger", "inactive",
                "kopilka.campaigns.lapsed.trigger.days", "1", "kopilka.campaigns.lapsed.grant.points", "25",
                "kopilka.campaigns.lapsed.audience", "everyone-but-the-fuse");
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        // The first instance dies at the 8th member it looks at (after two committed pages of three).
        dev.kopilka.campaign.AudienceFilter fuse = new dev.kopilka.campaign.AudienceFilter() {
            @Override
            public Set<String> segments() {
                return Set.of("all", "everyone-but-the-fuse");
            }

            @Override
            public boolean includes(dev.kopilka.store.port.StoreTransaction tx, String segment, MemberId member,
                    Instant now) {
                if (checks.incrementAndGet() == 8) {
                    throw new IllegalStateException("instance killed");
                }
                return true;
            }
        };
        Kopilka first = Kopilka.builder(KopilkaConfig.fromMap(p)).store(store).clock(clock).audiences(fuse).build();
        List<MemberId> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(first.members().register(program, Registration.withPhone("+7999111" + (1000 + i)))
                    .orElseThrow().id());
        }
        clock.advanceDays(1);
        LocalDate day = clock.zonedNow().toLocalDate();
        assertThatThrownBy(() -> first.campaigns().sweep(program, day)).hasMessageContaining("instance killed");
        assertThat(first.campaigns().participations(program, "lapsed")).hasSize(6);

        dev.kopilka.campaign.AudienceFilter everyone = new dev.kopilka.campaign.AudienceFilter() {
            @Override
            public Set<String> segments() {
                return Set.of("all", "everyone-but-the-fuse");
            }

            @Override
            public boolean includes(dev.kopilka.store.port.StoreTransaction tx, String segment, MemberId member,
                    Instant now) {
                return true;
            }
        };
        Kopilka second = Kopilka.builder(KopilkaConfig.fromMap(p)).store(store).clock(clock).audiences(everyone)
                .build();
        assertThat(second.campaigns().sweep(program, day).ran()).as("the dead instance's lease still runs").isFalse();
        clock.advance(Duration.ofMinutes(11));
        var report = second.campaigns().sweep(program, day);
        assertThat(report.ran()).isTrue();
        assertThat(report.treated()).containsEntry("lapsed", 4);

        assertThat(second.campaigns().participations(program, "lapsed")).extracting(Participation::member)
                .containsExactlyInAnyOrderElementsOf(members);
        for (MemberId m : members) {
            assertThat(second.ledger().lots(program, MemberRef.id(m)).orElseThrow())
                    .filteredOn(l -> l.source() == LotSource.CAMPAIGN).extracting(Lot::points).containsExactly(25L);
        }
    }

    /** A Kopilka on this store with one inactivity campaign {@code lapsed} granting 10 points. */
    private Kopilka lapsedCampaign(SettableClock clock, int days, boolean enabled) {
        return Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program.value(),
                "kopilka.program.zone", "Europe/Moscow", "kopilka.earning.delay", "P0D",
                "kopilka.campaigns.lapsed.trigger", "inactive",
                "kopilka.campaigns.lapsed.trigger.days", String.valueOf(days),
                "kopilka.campaigns.lapsed.enabled", String.valueOf(enabled),
                "kopilka.campaigns.lapsed.grant.points", "10"))).store(store).clock(clock).build();
    }

    private static MemberId join(Kopilka k, ProgramId program, String phone) {
        return k.members().register(program, Registration.withPhone(phone)).orElseThrow().id();
    }

    private static dev.kopilka.campaign.SweepReport sweepToday(Kopilka k, ProgramId program, SettableClock clock) {
        return k.campaigns().sweep(program, clock.zonedNow().toLocalDate());
    }

    /** Who took part in {@code lapsed}, each with the day they did (program zone). */
    private Map<MemberId, LocalDate> lapsedOn(Kopilka k) {
        Map<MemberId, LocalDate> on = new java.util.HashMap<>();
        for (Participation p : k.campaigns().participations(program, "lapsed")) {
            assertThat(on.put(p.member(), p.at().atZone(java.time.ZoneId.of("Europe/Moscow")).toLocalDate()))
                    .as("one participation per member and lapse").isNull();
        }
        return on;
    }

    @Test
    @DisplayName("through the engine: a daily inactivity sweep selects only new lapses, and a missed day is caught up")
    void missedDayCaughtUp() {
        SettableClock clock = SettableClock.at("2026-02-10T10:00", "Europe/Moscow");
        Kopilka k = lapsedCampaign(clock, 10, true);
        MemberId old = join(k, program, "+79995550001");          // lapse 10 days long on day 10
        clock.advanceDays(20);
        LocalDate day20 = clock.zonedNow().toLocalDate();
        MemberId a = join(k, program, "+79995550002");
        clock.advanceDays(1);
        MemberId b = join(k, program, "+79995550003");            // reaches 10 days on day 31: its sweep is missed
        clock.advanceDays(2);
        MemberId c = join(k, program, "+79995550004");
        clock.advanceDays(7);                                    // day 30: the campaign's first sweep
        assertThat(sweepToday(k, program, clock).membersScanned()).as("first sweep: every lapse of 9+ days")
                .isEqualTo(3);
        clock.advanceDays(2);                                    // day 32, day 31 missed
        assertThat(sweepToday(k, program, clock).membersScanned())
                .as("lapses that reached 10 days since day 30, a day wider each side: a, b, c, not old").isEqualTo(3);
        clock.advanceDays(1);                                    // day 33
        assertThat(sweepToday(k, program, clock).membersScanned()).as("only c's lapse reached 10 days today")
                .isEqualTo(1);
        clock.advanceDays(1);
        sweepToday(k, program, clock);

        assertThat(lapsedOn(k)).containsOnly(Map.entry(old, day20.plusDays(10)), Map.entry(a, day20.plusDays(10)),
                Map.entry(b, day20.plusDays(12)), Map.entry(c, day20.plusDays(13)));
        for (MemberId m : List.of(old, a, b, c)) {
            assertThat(k.ledger().lots(program, MemberRef.id(m)).orElseThrow())
                    .filteredOn(l -> l.source() == LotSource.CAMPAIGN).extracting(Lot::points).containsExactly(10L);
        }
    }

    @Test
    @DisplayName("through the engine: a newly enabled inactivity campaign looks back over every lapse once")
    void newlyEnabledCampaign() {
        SettableClock clock = SettableClock.at("2026-02-10T10:00", "Europe/Moscow");
        Kopilka disabled = lapsedCampaign(clock, 10, false);
        MemberId a = join(disabled, program, "+79995560001");
        clock.advanceDays(6);
        MemberId b = join(disabled, program, "+79995560002");
        clock.advanceDays(4);
        for (int day = 10; day < 15; day++) {                   // daily sweeps while the campaign is off
            sweepToday(disabled, program, clock);
            clock.advanceDays(1);
        }
        assertThat(disabled.campaigns().participations(program, "lapsed")).isEmpty();
        Kopilka enabled = lapsedCampaign(clock, 10, true);       // day 15: switched on
        assertThat(sweepToday(enabled, program, clock).treated()).containsEntry("lapsed", 1);
        clock.advanceDays(1);                                    // day 16: b's lapse reaches 10 days
        assertThat(sweepToday(enabled, program, clock).membersScanned()).as("a's 16-day lapse is not selected again")
                .isEqualTo(1);
        clock.advanceDays(1);
        sweepToday(enabled, program, clock);

        LocalDate day15 = LocalDate.of(2026, 2, 25);
        assertThat(lapsedOn(enabled)).containsOnly(Map.entry(a, day15), Map.entry(b, day15.plusDays(1)));
    }

    @Test
    @DisplayName("through the engine: a lowered inactivity threshold looks back once, and nobody is rewarded twice")
    void changedThreshold() {
        SettableClock clock = SettableClock.at("2026-02-10T10:00", "Europe/Moscow");
        Kopilka k30 = lapsedCampaign(clock, 30, true);
        MemberId a = join(k30, program, "+79995570001");
        clock.advanceDays(10);
        MemberId b = join(k30, program, "+79995570002");
        clock.advanceDays(20);
        for (int day = 30; day < 35; day++) {                   // a served on day 30; b is at 20..24 days
            sweepToday(k30, program, clock);
            clock.advanceDays(1);
        }
        assertThat(lapsedOn(k30)).containsOnlyKeys(a);
        Kopilka k20 = lapsedCampaign(clock, 20, true);           // day 35: threshold lowered to 20 days
        assertThat(sweepToday(k20, program, clock).treated()).as("b, 25 days into the lapse; a already served")
                .containsEntry("lapsed", 1);
        clock.advanceDays(1);
        sweepToday(k20, program, clock);
        Kopilka back = lapsedCampaign(clock, 30, true);          // day 36: and back to 30 days
        clock.advanceDays(1);
        sweepToday(back, program, clock);

        LocalDate day30 = LocalDate.of(2026, 3, 12);
        assertThat(lapsedOn(back)).containsOnly(Map.entry(a, day30), Map.entry(b, day30.plusDays(5)));
        for (MemberId m : List.of(a, b)) {
            assertThat(back.ledger().lots(program, MemberRef.id(m)).orElseThrow())
                    .filteredOn(l -> l.source() == LotSource.CAMPAIGN).extracting(Lot::points).containsExactly(10L);
        }
    }

    @Test
    @DisplayName("through the engine: a mailing reaches exactly its segment, evaluated by the store")
    void mailingToASegment() {
        SettableClock clock = SettableClock.at("2026-03-02T10:00", "Europe/Moscow");
        Map<String, String> p = new java.util.HashMap<>(Map.of("kopilka.program.id", program.value(),
                "kopilka.program.zone", "Europe/Moscow", "kopilka.earning.delay", "P0D",
                "kopilka.segments.tver.rule", "store in (tver-1) and spend >= 5000",
                "kopilka.campaigns.frequency-cap.messages", "0",
                "kopilka.campaigns.spring.trigger", "broadcast",
                "kopilka.campaigns.spring.trigger.at", "2026-03-03T12:00",
                "kopilka.campaigns.spring.audience", "tver",
                "kopilka.campaigns.spring.grant.points", "50"));
        p.put("kopilka.campaigns.lapsed.trigger", "inactive");
        p.put("kopilka.campaigns.lapsed.trigger.days", "2");
        p.put("kopilka.campaigns.lapsed.audience", "tver");
        p.put("kopilka.campaigns.lapsed.grant.points", "7");
        Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(p)).store(store).clock(clock).build();
        List<MemberId> tver = new ArrayList<>();
        List<MemberId> others = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            MemberId m = k.members().register(program, Registration.withPhone("+7999000" + (1000 + i))).orElseThrow()
                    .id();
            String shop = i % 3 == 0 ? "msk-1" : "tver-1";
            long rub = i % 2 == 0 ? 6_000 : 1_000;
            k.checkout().purchase(program, "r" + i, dev.kopilka.checkout.PurchaseRequest.of(MemberRef.id(m), shop,
                    List.of(dev.kopilka.checkout.Line.of("1", "SKU", 1, rub * 100)))).orElseThrow();
            (shop.equals("tver-1") && rub >= 5_000 ? tver : others).add(m);
        }
        clock.advanceDays(1);
        k.campaigns().sweep(program, clock.zonedNow().toLocalDate());
        clock.advanceDays(1);
        k.campaigns().sweep(program, clock.zonedNow().toLocalDate());

        assertThat(k.campaigns().participations(program, "spring")).extracting(Participation::member)
                .containsExactlyInAnyOrderElementsOf(tver);
        assertThat(k.campaigns().participations(program, "lapsed")).extracting(Participation::member)
                .containsExactlyInAnyOrderElementsOf(tver);
        for (MemberId m : others) {
            assertThat(k.ledger().lots(program, MemberRef.id(m)).orElseThrow())
                    .noneMatch(l -> l.source() == LotSource.CAMPAIGN);
        }
    }
}
