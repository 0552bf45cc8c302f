package dev.kopilka.testkit.campaign;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.campaign.AudienceFilter;
import dev.kopilka.campaign.Campaign;
import dev.kopilka.campaign.Participation;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.Lot;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.store.memory.InMemoryCampaignStore;
import dev.kopilka.store.memory.InMemoryOutboxStore;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.SettableClock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** A program on the in-memory store with a preset, driven along a synthetic timeline by a {@link SettableClock}. */
final class Timeline {

    static final String ZONE = "Europe/Moscow";

    final SettableClock clock;
    final Kopilka kopilka;
    final ProgramId program;
    final InMemoryStore store = new InMemoryStore();
    private final AtomicLong phones = new AtomicLong(9_990_000_000L);
    private final AtomicLong receipts = new AtomicLong();

    /** Audiences evaluated by the program's segments, as in production. */
    Timeline(String start, Map<String, String> properties) {
        this(SettableClock.at(start, ZONE), properties, null, null);
    }

    Timeline(String start, Map<String, String> properties, AudienceFilter audiences) {
        this(SettableClock.at(start, ZONE), properties, audiences, null);
    }

    /** With messaging wired ({@code setup}), dispatched by hand: {@code kopilka.messaging.autostart=false}. */
    Timeline(SettableClock clock, Map<String, String> properties, AudienceFilter audiences,
            dev.kopilka.messaging.Messaging.Setup setup) {
        this.clock = clock;
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent("kopilka.program.zone", ZONE);
        props.putIfAbsent("kopilka.earning.delay", "P0D");
        AtomicLong seq = new AtomicLong();
        props.putIfAbsent("kopilka.messaging.autostart", "false");
        Kopilka.Builder builder = Kopilka.builder(KopilkaConfig.fromMap(props)).store(store).clock(clock)
                .ids(() -> new UUID(0, seq.incrementAndGet())).random(new java.util.Random(7));
        if (audiences != null) {
            builder.audiences(audiences);
        }
        if (setup != null) {
            builder.messaging(setup);
        }
        this.kopilka = builder.build();
        this.program = kopilka.program();
    }

    /** Properties from key, value pairs (a mutable map). */
    static Map<String, String> props(String... keysAndValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    static Map<String, String> preset(String name, String... overrides) {
        Map<String, String> p = props(overrides);
        p.put("kopilka.campaigns.preset", name);
        return p;
    }

    Campaign campaign(String id) {
        return kopilka.campaigns().definitions().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    MemberId register(Registration registration) {
        return kopilka.members().register(program, registration).orElseThrow().id();
    }

    Registration newcomer() {
        return Registration.withPhone("+7" + phones.incrementAndGet()).name("Анна");
    }

    /** Registers members until one is outside the control groups of all the named campaigns. */
    MemberId registerTreated(String... campaignIds) {
        for (int i = 0; i < 1000; i++) {
            MemberId id = register(newcomer());
            if (Arrays.stream(campaignIds).noneMatch(c -> campaign(c).inControlGroup(id))) {
                return id;
            }
        }
        throw new AssertionError("no treated member in 1000 registrations");
    }

    /** Registers members until one is held out by the campaign's control group. */
    MemberId registerControl(String campaignId) {
        for (int i = 0; i < 1000; i++) {
            MemberId id = register(newcomer());
            if (campaign(campaignId).inControlGroup(id)) {
                return id;
            }
        }
        throw new AssertionError("no control member in 1000 registrations");
    }

    String buy(MemberId member, long rubles) {
        String txid = "r" + receipts.incrementAndGet();
        kopilka.checkout().purchase(program, txid, PurchaseRequest.of(MemberRef.id(member), "store-7",
                List.of(Line.of("1", "SKU-1", 1, rubles * 100)))).orElseThrow();
        return txid;
    }

    void sweepToday() {
        kopilka.campaigns().sweep(program, today());
    }

    /** Moves day by day at the sweep time, sweeping each day, like the scheduler would. */
    void liveDays(int days) {
        for (int i = 0; i < days; i++) {
            clock.advanceDays(1);
            sweepToday();
        }
    }

    LocalDate today() {
        return clock.zonedNow().toLocalDate();
    }

    List<OutboxMessage> outbox() {
        return store.readOnly(program, tx -> ((InMemoryOutboxStore) tx.outbox()).all());
    }

    List<OutboxMessage> messages(MemberId member, String campaignId) {
        return outbox().stream().filter(m -> m.member().equals(member) && campaignId.equals(m.campaignId())).toList();
    }

    List<Participation> participations() {
        return store.readOnly(program, tx -> ((InMemoryCampaignStore) tx.campaigns()).all());
    }

    List<Participation> participations(MemberId member, String campaignId) {
        return participations().stream().filter(p -> p.member().equals(member) && p.campaignId().equals(campaignId))
                .toList();
    }

    List<Lot> lots(MemberId member) {
        return kopilka.ledger().lots(program, MemberRef.id(member)).orElseThrow();
    }

    Balance balance(MemberId member) {
        return kopilka.ledger().balance(program, MemberRef.id(member)).orElseThrow();
    }

    List<PromoCode> codes(MemberId member) {
        return kopilka.promoCodes().ownedBy(program, member);
    }

    static ZoneId zone() {
        return ZoneId.of(ZONE);
    }

    static AudienceFilter segment(String name, Set<MemberId> members) {
        return new AudienceFilter() {
            @Override
            public Set<String> segments() {
                return Set.of(AudienceFilter.ALL, name);
            }

            @Override
            public boolean includes(dev.kopilka.store.port.StoreTransaction tx, String segment, MemberId member,
                    java.time.Instant now) {
                return AudienceFilter.ALL.equals(segment) || (name.equals(segment) && members.contains(member));
            }
        };
    }
}
