package dev.kopilka;

import dev.kopilka.checkout.Checkout;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.UUID;

/** A program on an in-memory store with a hand-moved clock, and shorthands for the tests. */
public final class Fixture {

    public static final String ZONE = "Europe/Moscow";

    public final MovableClock clock;
    public final Kopilka kopilka;
    public final ProgramId program;
    public final List<DomainEvent> events = Collections.synchronizedList(new ArrayList<>());
    public final KopilkaStore store;
    private final AtomicLong receipts = new AtomicLong();

    public Fixture(Map<String, String> properties) {
        this(properties, new InMemoryStore(), "2025-05-12T10:00:00");
    }

    public Fixture(Map<String, String> properties, KopilkaStore store, String localStart) {
        this.clock = new MovableClock(java.time.LocalDateTime.parse(localStart).atZone(ZoneId.of(ZONE)).toInstant(),
                ZoneId.of(ZONE));
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent("kopilka.program.zone", ZONE);
        AtomicLong seq = new AtomicLong();
        this.store = store;
        this.kopilka = Kopilka.builder(KopilkaConfig.fromMap(props))
                .store(store)
                .clock(clock)
                .ids(() -> new UUID(0, seq.incrementAndGet()))
                .random(new java.util.Random(42))
                .listener(events::add)
                .build();
        this.program = kopilka.program();
    }

    /** The cosmetics chain's rules: 30% cap, accrual after 1 day, expiry after 1 year without purchases. */
    public static Map<String, String> cosmetics() {
        Map<String, String> p = new HashMap<>();
        p.put("kopilka.redemption.max-percent", "30");
        p.put("kopilka.earning.delay", "P1D");
        p.put("kopilka.earning.expire-after-inactivity", "P1Y");
        p.put("kopilka.earning.rate", "5");
        return p;
    }

    public static Map<String, String> immediate() {
        Map<String, String> p = new HashMap<>();
        p.put("kopilka.earning.delay", "P0D");
        p.put("kopilka.earning.rate", "5");
        p.put("kopilka.redemption.max-percent", "30");
        return p;
    }

    public MemberId register(String phone) {
        return kopilka.members().register(program, Registration.withPhone(phone)).orElseThrow().id();
    }

    public Checkout checkout() {
        return kopilka.checkout();
    }

    public static MemberRef ref(MemberId id) {
        return MemberRef.id(id);
    }

    public PurchaseReceipt buy(MemberId member, long kopecks) {
        return buy(member, kopecks, PointsToApply.none());
    }

    public PurchaseReceipt buy(MemberId member, long kopecks, PointsToApply points) {
        return checkout().purchase(program, "r" + receipts.incrementAndGet(),
                PurchaseRequest.of(ref(member), "store-1", List.of(Line.of("1", "SKU-1", 1, kopecks))).withPoints(points))
                .orElseThrow();
    }

    public void grant(MemberId member, long points) {
        kopilka.ledger().grant(program, ref(member), Grant.of(points, LotSource.MANUAL, "g" + receipts.incrementAndGet()))
                .orElseThrow();
    }

    public Balance balance(MemberId member) {
        return kopilka.ledger().balance(program, ref(member)).orElseThrow();
    }

    public List<LedgerEntry> statement(MemberId member) {
        return kopilka.ledger().statement(program, ref(member)).orElseThrow();
    }

    public void advance(Duration d) {
        clock.advance(d);
    }

    public void advanceDays(long days) {
        clock.advanceDays(days);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Core tests cannot use the testkit's SettableClock (the testkit depends on core), so a twin lives here. */
    public static final class MovableClock extends java.time.Clock {
        private volatile Instant now;
        private final ZoneId zone;

        MovableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        public void advanceDays(long days) {
            now = now.atZone(zone).plusDays(days).toInstant();
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public java.time.Clock withZone(ZoneId z) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
