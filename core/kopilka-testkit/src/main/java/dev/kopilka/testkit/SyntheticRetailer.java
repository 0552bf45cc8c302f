package dev.kopilka.testkit;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.member.Consent;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic retailer: the same seed and settings always give the same members, birthdays,
 * consents, Telegram links, purchases and returns, at the same instants. Members fall into behaviours with a
 * realistic spread of recency, frequency and amount (one-timers, occasional buyers, regulars, big spenders,
 * lapsed regulars); birthdays include the awkward days (February 29, December 31, January 1).
 *
 * <pre>{@code
 * SyntheticRetailer retailer = SyntheticRetailer.builder().seed(7).members(1_000).build();
 * SettableClock clock = new SettableClock(retailer.start(), ZoneId.of("Europe/Moscow"));
 * Kopilka kopilka = Kopilka.builder(config).clock(clock).build();
 * retailer.loadInto(kopilka, kopilka.program(), clock);   // plays the timeline through the public API
 * }</pre>
 *
 * <p>Building is free: each member's history is generated on demand from the seed and the member's index
 * ({@link #historyOf}), so millions of members can be streamed in bounded memory (the benchmarks' statistics
 * loads do). Only {@link #timeline()} — every event in time order — materialises the whole base.
 */
public final class SyntheticRetailer {

    /** What a member does over the period. */
    public enum Behaviour { ONE_TIMER, OCCASIONAL, REGULAR, BIG_SPENDER, LAPSED, NEVER_BOUGHT }

    /** One step of the timeline, in time order. */
    public sealed interface Event {
        Instant at();

        /** The member's index (0-based) in generation order. */
        int member();
    }

    public record Joined(Instant at, int member, String phone, LocalDate birthday, String homeStore,
            boolean smsConsent, Behaviour behaviour) implements Event {
    }

    public record TelegramLinked(Instant at, int member, long telegramUserId) implements Event {
    }

    /** @param amount the receipt in kopecks */
    public record Purchased(Instant at, int member, String txid, String store, long amount) implements Event {
    }

    public record Returned(Instant at, int member, String returnId, String saleTxid, long refund) implements Event {
    }

    private final Builder settings;
    /** Generated on first use: large bases (millions of members) are read member by member instead. */
    private List<Event> timeline;

    private SyntheticRetailer(Builder b) {
        this.settings = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every event, ordered by instant (ties in generation order). Generated and kept in memory on the first call
     * (about a kilobyte per member): for a large base use {@link #historyOf} member by member, which needs no
     * timeline and gives exactly the same events.
     */
    public synchronized List<Event> timeline() {
        if (timeline == null) {
            timeline = generate(settings);
        }
        return timeline;
    }

    /** The first instant of the timeline: set the clock here before building Kopilka. */
    public Instant start() {
        return settings.from.atStartOfDay(settings.zone).toInstant();
    }

    /** The end of the period: a good "now" for segment checks after loading. */
    public Instant end() {
        return settings.to.atTime(LocalTime.of(23, 0)).atZone(settings.zone).toInstant();
    }

    public int memberCount() {
        return settings.members;
    }

    /**
     * Plays the timeline through the public API, moving the clock to each event's instant (the Kopilka must
     * use this clock). Returns the member ids by index. Points are never applied, so amounts paid equal receipts.
     */
    public List<MemberId> loadInto(Kopilka kopilka, ProgramId program, SettableClock clock) {
        Map<Integer, MemberId> ids = new HashMap<>();
        for (Event e : timeline()) {
            if (clock.instant().isBefore(e.at())) {
                clock.set(e.at());
            }
            if (e instanceof Joined j) {
                Registration r = Registration.withPhone(j.phone()).homeStore(j.homeStore()).name("Member " + j.member());
                if (j.birthday() != null) {
                    r = r.birthday(j.birthday());
                }
                if (j.smsConsent()) {
                    r = r.consents(Consent.SMS_MARKETING);
                }
                ids.put(j.member(), kopilka.members().register(program, r).orElseThrow().id());
            } else if (e instanceof TelegramLinked t) {
                kopilka.members().linkTelegram(program, MemberRef.id(ids.get(t.member())), t.telegramUserId())
                        .orElseThrow();
                if (settings.telegramConsent) {
                    kopilka.members().setConsent(program, MemberRef.id(ids.get(t.member())), Consent.TELEGRAM, true)
                            .orElseThrow();
                }
            } else if (e instanceof Purchased p) {
                kopilka.checkout().purchase(program, p.txid(), PurchaseRequest.of(MemberRef.id(ids.get(p.member())),
                        p.store(), List.of(Line.of("1", "SKU-" + (p.amount() % 97), 1, p.amount())))).orElseThrow();
            } else if (e instanceof Returned r) {
                kopilka.checkout().applyReturn(program, r.returnId(), ReturnRequest.ofAmount(r.saleTxid(), r.refund()))
                        .orElseThrow();
            }
        }
        List<MemberId> out = new ArrayList<>();
        for (int i = 0; i < settings.members; i++) {
            out.add(ids.get(i));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ generation

    private static List<Event> generate(Builder b) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < b.members; i++) {
            events.addAll(history(b, i));
        }
        events.sort(Comparator.comparing(Event::at));
        return List.copyOf(events);
    }

    /** One member's events in time order; each member has its own random stream, so any member is generated alone. */
    private static List<Event> history(Builder b, int i) {
        SplittableRandom r = new SplittableRandom(b.seed * 0x9E3779B97F4A7C15L + i);
        List<Event> events = new ArrayList<>();
        long days = ChronoUnit.DAYS.between(b.from, b.to);
        // More members joined recently: the program grows.
        LocalDate joined = b.from.plusDays((long) (days * Math.sqrt(r.nextDouble())));
        Instant joinedAt = at(joined, r, b.zone);
        String home = b.stores.get(weightedStore(r, b.stores.size()));
        Behaviour behaviour = behaviour(r);
        events.add(new Joined(joinedAt, i, phone(b.seed, i), birthday(r, b.to), home, r.nextDouble() < b.smsConsentRate,
                behaviour));
        if (r.nextDouble() < b.telegramAdoption) {
            LocalDate linked = joined.plusDays(r.nextInt((int) Math.max(1, ChronoUnit.DAYS.between(joined, b.to)) + 1));
            if (!linked.isAfter(b.to)) {
                Instant linkedAt = at(linked, r, b.zone);
                // Never before joining: on the day of joining, a minute after at the earliest.
                events.add(new TelegramLinked(linkedAt.isAfter(joinedAt) ? linkedAt : joinedAt.plusSeconds(60), i,
                        10_000_000L + i));
            }
        }
        purchases(events, r, i, joinedAt, behaviour, home, b);
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    /** The member's events (the first is always {@link Joined}), generated on demand: no timeline in memory. */
    public List<Event> historyOf(int member) {
        if (member < 0 || member >= settings.members) {
            throw new IndexOutOfBoundsException("member " + member + " of " + settings.members);
        }
        return history(settings, member);
    }

    /**
     * The fast path for large N: writes the members' statistics rows straight through the store's statistics
     * port, {@code perTransaction} members per transaction, without members, receipts or points (so only
     * segment evaluation sees them). Member ids are {@code syn-<seed>-<index, 9 digits>}. Returns the ids.
     */
    public List<MemberId> loadStatistics(dev.kopilka.store.port.KopilkaStore store, ProgramId program,
            int perTransaction) {
        List<MemberId> ids = new ArrayList<>(settings.members);
        for (int from = 0; from < settings.members; from += perTransaction) {
            int to = Math.min(settings.members, from + perTransaction);
            int first = from;
            store.inTransaction(program, tx -> {
                for (int i = first; i < to; i++) {
                    MemberId id = syntheticId(i);
                    applyTo(tx.stats(), id, historyOf(i));
                    ids.add(id);
                }
                return null;
            });
        }
        return ids;
    }

    /** The id {@link #loadStatistics} gives member {@code index}. */
    public MemberId syntheticId(int index) {
        return MemberId.of(String.format("syn-%d-%09d", settings.seed, index));
    }

    /** What the statistics recorder would write for this history (no tiers: everyone in "base"). */
    private void applyTo(dev.kopilka.segment.port.MemberStatsStore stats, MemberId id, List<Event> history) {
        Joined j = (Joined) history.get(0);
        stats.upsert(dev.kopilka.segment.MemberStats.joined(id, j.at(), LocalDate.ofInstant(j.at(), settings.zone),
                j.birthday(), j.homeStore(), "base", false, true, false));
        Map<String, Purchased> sales = new HashMap<>();
        for (Event e : history) {
            if (e instanceof Purchased p) {
                sales.put(p.txid(), p);
                stats.recordPurchase(id, p.at(), LocalDate.ofInstant(p.at(), settings.zone), p.store(), p.amount());
            } else if (e instanceof Returned r) {
                Purchased sale = sales.get(r.saleTxid());
                stats.recordReturn(id, LocalDate.ofInstant(sale.at(), settings.zone), sale.store(), r.refund());
            } else if (e instanceof TelegramLinked) {
                stats.setReachable(id, dev.kopilka.messaging.Channel.TELEGRAM, true);
            }
        }
    }

    private static void purchases(List<Event> events, SplittableRandom r, int member, Instant joinedAt,
            Behaviour behaviour, String home, Builder b) {
        if (behaviour == Behaviour.NEVER_BOUGHT) {
            return;
        }
        double meanGapDays = switch (behaviour) {
            case ONE_TIMER -> Double.MAX_VALUE;
            case OCCASIONAL -> 70;
            case REGULAR -> 16;
            case BIG_SPENDER -> 25;
            case LAPSED -> 12;
            default -> Double.MAX_VALUE;
        };
        double meanRub = behaviour == Behaviour.BIG_SPENDER ? 9_000 : behaviour == Behaviour.REGULAR ? 2_200 : 1_500;
        Instant end = b.to.atTime(LocalTime.of(22, 0)).atZone(b.zone).toInstant();
        // Lapsed members stop buying somewhere in the period.
        Instant stop = behaviour == Behaviour.LAPSED
                ? joinedAt.plus(Math.max(1, (long) (ChronoUnit.DAYS.between(joinedAt, end) * r.nextDouble(0.2, 0.7))),
                        ChronoUnit.DAYS)
                : end;
        Instant t = joinedAt.plus(r.nextInt(0, 3) * 60L + 5, ChronoUnit.MINUTES);
        int n = 0;
        while (!t.isAfter(stop)) {
            String txid = "s" + b.seed + "-" + member + "-" + n++;
            String store = r.nextDouble() < 0.8 ? home : b.stores.get(r.nextInt(b.stores.size()));
            // Log-normal amounts, rounded to whole roubles as tills print them.
            long rub = Math.max(50, Math.round(meanRub * Math.exp(0.6 * r.nextDouble(-1.5, 1.5) - 0.18)));
            events.add(new Purchased(t, member, txid, store, rub * 100));
            if (r.nextDouble() < b.returnRate) {
                Instant back = t.plus(r.nextInt(1, 10), ChronoUnit.DAYS);
                if (back.isBefore(end)) {
                    events.add(new Returned(back, member, "ret-" + txid, txid, rub * 100 * r.nextInt(1, 4) / 4));
                }
            }
            if (behaviour == Behaviour.ONE_TIMER) {
                break;
            }
            long gapHours = Math.max(20, (long) (-Math.log(1 - r.nextDouble()) * meanGapDays * 24));
            t = t.plus(gapHours, ChronoUnit.HOURS);
        }
    }

    private static Behaviour behaviour(SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.10) {
            return Behaviour.NEVER_BOUGHT;
        } else if (x < 0.35) {
            return Behaviour.ONE_TIMER;
        } else if (x < 0.65) {
            return Behaviour.OCCASIONAL;
        } else if (x < 0.83) {
            return Behaviour.REGULAR;
        } else if (x < 0.90) {
            return Behaviour.BIG_SPENDER;
        }
        return Behaviour.LAPSED;
    }

    /** Stores are not equally popular: the first ones are the flagships. */
    private static int weightedStore(SplittableRandom r, int n) {
        return Math.min(n - 1, (int) (n * r.nextDouble() * r.nextDouble() * 1.6));
    }

    private static LocalDate birthday(SplittableRandom r, LocalDate to) {
        double x = r.nextDouble();
        if (x < 0.15) {
            return null;
        }
        int year = to.getYear() - r.nextInt(18, 71);
        if (x < 0.18) {
            // The awkward days, over-represented so that tests meet them.
            int pick = r.nextInt(3);
            if (pick == 0) {
                return LocalDate.of(year - year % 4, 2, 29);
            }
            return pick == 1 ? LocalDate.of(year, 12, 31) : LocalDate.of(year, 1, 1);
        }
        return LocalDate.ofYearDay(year, 1 + r.nextInt(LocalDate.ofYearDay(year, 1).lengthOfYear()));
    }

    private static Instant at(LocalDate day, SplittableRandom r, ZoneId zone) {
        return day.atTime(10, 0).plusMinutes(r.nextInt(11 * 60)).plusSeconds(r.nextInt(60)).atZone(zone).toInstant();
    }

    private static String phone(long seed, int i) {
        return String.format("+7%03d%07d", 900 + Math.floorMod(seed, 100), i);
    }

    /** Settings; every one has a default. */
    public static final class Builder {
        private long seed = 1;
        private int members = 1_000;
        private List<String> stores = List.of("store-1", "store-2", "store-3", "web");
        private LocalDate from = LocalDate.of(2024, 1, 1);
        private LocalDate to = LocalDate.of(2025, 12, 31);
        private ZoneId zone = ZoneId.of("Europe/Moscow");
        private double telegramAdoption = 0.10;
        private boolean telegramConsent = true;
        private double smsConsentRate = 0.6;
        private double returnRate = 0.03;

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder members(int count) {
            if (count < 0 || count > 10_000_000) {
                throw new IllegalArgumentException("members must be 0..10,000,000: " + count);
            }
            this.members = count;
            return this;
        }

        public Builder stores(List<String> ids) {
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("at least one store");
            }
            this.stores = List.copyOf(ids);
            return this;
        }

        /** The period of the history (joins and purchases), inclusive. */
        public Builder period(LocalDate first, LocalDate last) {
            if (!first.isBefore(last)) {
                throw new IllegalArgumentException("the period must start before it ends: " + first + ".." + last);
            }
            this.from = first;
            this.to = last;
            return this;
        }

        public Builder zone(ZoneId value) {
            this.zone = Objects.requireNonNull(value);
            return this;
        }

        /** Share of members who link the Telegram bot at some point (4.12% → 9.66% at retailer 1). */
        public Builder telegramAdoption(double rate) {
            this.telegramAdoption = rate(rate, "telegramAdoption");
            return this;
        }

        public Builder smsConsentRate(double rate) {
            this.smsConsentRate = rate(rate, "smsConsentRate");
            return this;
        }

        public Builder returnRate(double rate) {
            this.returnRate = rate(rate, "returnRate");
            return this;
        }

        private static double rate(double rate, String name) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be 0..1: " + rate);
            }
            return rate;
        }

        public SyntheticRetailer build() {
            return new SyntheticRetailer(this);
        }
    }
}
