package dev.kopilka.store.memory;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.segment.MemberStats;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.port.MemberStatsStore;
import dev.kopilka.segment.port.RuleCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * In-memory {@link MemberStatsStore}: the statistics rows of one program, ordered by member id, and per member
 * the receipts counted per day and store. Segments are evaluated by a streaming scan over the rows with the
 * same calendar bounds as the SQL stores ({@link RuleCalendar}).
 */
public final class InMemoryMemberStatsStore extends InMemoryTable implements MemberStatsStore {

    /** Keyed by the id's value: binary character order, the order SQL stores page in. */
    private final TreeMap<String, MemberStats> rows = new TreeMap<>();
    /** Per member id: day → store → {count, sum}. */
    private final Map<String, TreeMap<LocalDate, Map<String, long[]>>> days = new HashMap<>();
    /**
     * Member ids by birthday ({@link RuleCalendar#monthDay}) and by the day of the last purchase (or joining):
     * the daily sweep asks for today's birthdays and lapses, a few members a day that a scan would look for
     * among all of them. Kept by {@link #put}.
     */
    private final TreeMap<Integer, Set<String>> byBirthday = new TreeMap<>();
    private final TreeMap<LocalDate, Set<String>> byLastDay = new TreeMap<>();
    /**
     * The RFM quintile boundaries of the last refresh: per score (recency, frequency, monetary) the first buyer of
     * quintiles 2..5 as {key, id}, null where no buyer has that score. Used for the day they were ranked on.
     */
    private LocalDate rankedOn;
    private Object[][][] bounds;

    public InMemoryMemberStatsStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<MemberStats> find(MemberId member) {
        MemberStats row = rows.get(member.value());
        if (row == null) {
            return Optional.empty();
        }
        Set<String> stores = new HashSet<>();
        days.getOrDefault(member.value(), new TreeMap<>()).values().forEach(m -> stores.addAll(m.keySet()));
        return Optional.of(new MemberStats(row.member(), row.joinedAt(), row.birthday(), row.homeStore(),
                row.firstPurchaseAt(), row.lastPurchaseAt(), row.lastStore(), row.purchaseCount(), row.purchaseSum(),
                row.tier(), row.telegramReachable(), row.smsReachable(), row.joinedOn(), row.lastPurchaseOn(),
                stores.size(), row.blocked()));
    }

    @Override
    public void upsert(MemberStats stats) {
        requireWritable();
        put(stats);
    }

    private void put(MemberStats stats) {
        MemberStats previous = rows.put(stats.member().value(), stats);
        reindex(previous, stats);
        undoable(() -> {
            if (previous == null) {
                rows.remove(stats.member().value());
            } else {
                rows.put(stats.member().value(), previous);
            }
            reindex(stats, previous);
        });
    }

    private void reindex(MemberStats from, MemberStats to) {
        String id = (to != null ? to : from).member().value();
        Integer birthdayFrom = from == null ? null : birthdayKey(from);
        Integer birthdayTo = to == null ? null : birthdayKey(to);
        if (!java.util.Objects.equals(birthdayFrom, birthdayTo)) {
            unindex(byBirthday, birthdayFrom, id);
            index(byBirthday, birthdayTo, id);
        }
        LocalDate dayFrom = from == null ? null : lastDay(from);
        LocalDate dayTo = to == null ? null : lastDay(to);
        if (!java.util.Objects.equals(dayFrom, dayTo)) {
            unindex(byLastDay, dayFrom, id);
            index(byLastDay, dayTo, id);
        }
    }

    private static <K> void index(Map<K, Set<String>> index, K key, String id) {
        if (key != null) {
            index.computeIfAbsent(key, k -> new HashSet<>()).add(id);
        }
    }

    private static <K> void unindex(Map<K, Set<String>> index, K key, String id) {
        if (key != null) {
            Set<String> ids = index.get(key);
            ids.remove(id);
            if (ids.isEmpty()) {
                index.remove(key);
            }
        }
    }

    private static Integer birthdayKey(MemberStats s) {
        return s.birthday() == null ? null : RuleCalendar.monthDay(s.birthday());
    }

    /** The day inactivity counts from: the last purchase, else joining (as the rule's predicate has it). */
    private static LocalDate lastDay(MemberStats s) {
        return s.lastPurchaseOn() != null ? s.lastPurchaseOn() : s.joinedOn();
    }

    @Override
    public boolean recordPurchase(MemberId member, Instant at, LocalDate day, String store, long amount) {
        requireWritable();
        MemberStats s = rows.get(member.value());
        if (s == null) {
            return false;
        }
        boolean latest = s.lastPurchaseAt() == null || s.lastPurchaseAt().isBefore(at);
        boolean earliest = s.firstPurchaseAt() == null || s.firstPurchaseAt().isAfter(at);
        put(new MemberStats(s.member(), s.joinedAt(), s.birthday(), s.homeStore(),
                earliest ? at : s.firstPurchaseAt(), latest ? at : s.lastPurchaseAt(), latest ? store : s.lastStore(),
                s.purchaseCount() + 1, s.purchaseSum() + amount, s.tier(), s.telegramReachable(), s.smsReachable(),
                s.joinedOn(), latest ? day : s.lastPurchaseOn(), 0, s.blocked()));
        addToDay(member, day, store, 1, amount);
        return true;
    }

    @Override
    public boolean recordReturn(MemberId member, LocalDate saleDay, String saleStore, long refund) {
        requireWritable();
        MemberStats s = rows.get(member.value());
        if (s == null) {
            return false;
        }
        put(new MemberStats(s.member(), s.joinedAt(), s.birthday(), s.homeStore(), s.firstPurchaseAt(),
                s.lastPurchaseAt(), s.lastStore(), s.purchaseCount(), s.purchaseSum() - refund, s.tier(),
                s.telegramReachable(), s.smsReachable(), s.joinedOn(), s.lastPurchaseOn(), 0, s.blocked()));
        addToDay(member, saleDay, saleStore, 0, -refund);
        return true;
    }

    private void addToDay(MemberId member, LocalDate day, String store, long count, long sum) {
        TreeMap<LocalDate, Map<String, long[]>> perDay = days.computeIfAbsent(member.value(), m -> new TreeMap<>());
        Map<String, long[]> byStore = perDay.computeIfAbsent(day, d -> new HashMap<>());
        boolean created = !byStore.containsKey(store);
        long[] cell = byStore.computeIfAbsent(store, k -> new long[2]);
        cell[0] += count;
        cell[1] += sum;
        undoable(() -> {
            cell[0] -= count;
            cell[1] -= sum;
            // A rolled-back first receipt at a store leaves no trace (SQL rolls the row back too).
            if (created) {
                byStore.remove(store);
                if (byStore.isEmpty()) {
                    perDay.remove(day);
                }
            }
        });
    }

    @Override
    public boolean setTier(MemberId member, String tier) {
        requireWritable();
        MemberStats s = rows.get(member.value());
        if (s == null) {
            return false;
        }
        put(s.withTier(tier));
        return true;
    }

    @Override
    public boolean setReachable(MemberId member, Channel channel, boolean reachable) {
        requireWritable();
        MemberStats s = rows.get(member.value());
        if (s == null) {
            return false;
        }
        boolean telegram = channel == Channel.TELEGRAM ? reachable : s.telegramReachable();
        boolean sms = channel == Channel.SMS ? reachable : s.smsReachable();
        put(s.withReachable(telegram, sms));
        return true;
    }

    // ------------------------------------------------------------------------------------------ evaluation

    @Override
    public void refresh(LocalDate today) {
        requireWritable();
        // Rolling windows are summed from the day rows in memory: nothing to keep. RFM: once per day.
        if (rankedOn != null && !rankedOn.isBefore(today)) {
            return;
        }
        LocalDate previousDay = rankedOn;
        Object[][][] previous = bounds;
        List<MemberStats> buyers = new ArrayList<>(rows.values().stream().filter(s -> s.purchaseCount() > 0).toList());
        Object[][][] ranked = new Object[3][][];
        for (int column = 0; column < 3; column++) {
            ToLongFunction<MemberStats> key = KEYS.get(column);
            buyers.sort(Comparator.comparingLong(key).thenComparing(s -> s.member().value()));
            ranked[column] = new Object[6][];
            for (int score = 2; score <= 5; score++) {
                long first = RuleCalendar.firstOfQuintile(score, buyers.size());
                if (first >= 0) {
                    MemberStats b = buyers.get((int) first);
                    ranked[column][score] = new Object[] {key.applyAsLong(b), b.member().value()};
                }
            }
        }
        rankedOn = today;
        bounds = ranked;
        undoable(() -> {
            rankedOn = previousDay;
            bounds = previous;
        });
    }

    /** The ranking keys of recency, frequency and monetary, in that order. */
    private static final List<ToLongFunction<MemberStats>> KEYS = List.of(s -> nanos(s.lastPurchaseAt()),
            MemberStats::purchaseCount, MemberStats::purchaseSum);

    private static long nanos(Instant at) {
        return at == null ? Long.MIN_VALUE : at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** A buyer's score (1..5) against the day's boundaries: 1 plus the quintiles whose first buyer it is not before. */
    private int boundedScore(MemberStats s, int column) {
        long key = KEYS.get(column).applyAsLong(s);
        int score = 1;
        for (int q = 2; q <= 5; q++) {
            Object[] b = bounds[column][q];
            if (b == null) {
                break;
            }
            long bk = (Long) b[0];
            if (key > bk || (key == bk && s.member().value().compareTo((String) b[1]) >= 0)) {
                score = q;
            } else {
                break;
            }
        }
        return score;
    }

    @Override
    public long count(SegmentRule rule, LocalDate today) {
        Predicate<MemberStats> p = compile(rule, new RuleCalendar(today), new Ranks());
        return rows.values().stream().filter(p).count();
    }

    @Override
    public List<MemberId> select(SegmentRule rule, LocalDate today, MemberId afterExclusive, int limit) {
        RuleCalendar cal = new RuleCalendar(today);
        Predicate<MemberStats> p = compile(rule, cal, new Ranks());
        List<String> candidates = candidates(rule, cal);
        if (candidates != null) {
            // a selective birthday or lapse condition: its index names the few rows to check, in id order
            if (afterExclusive != null) {
                candidates.removeIf(id -> id.compareTo(afterExclusive.value()) <= 0); // earlier pages
            }
            candidates.sort(null);
            List<MemberId> selected = new ArrayList<>();
            for (String id : candidates) {
                if (selected.size() >= limit) {
                    break;
                }
                MemberStats row = rows.get(id);
                if (p.test(row)) {
                    selected.add(row.member());
                }
            }
            return selected;
        }
        Map<String, MemberStats> tail = afterExclusive == null ? rows : rows.tailMap(afterExclusive.value(), false);
        return tail.values().stream().filter(p).limit(limit).map(MemberStats::member).toList();
    }

    /**
     * The ids an index gives for the rule — a superset of its rows, from its birthday or lapse condition (the
     * rule itself or one of its "and" parts) — or null when no index applies or a scan reads about as much:
     * when the condition keeps a quarter of the rows or more (an open-ended lapse such as "60 days or more").
     */
    private List<String> candidates(SegmentRule rule, RuleCalendar cal) {
        List<SegmentRule> parts = rule instanceof SegmentRule.AllOf all ? all.rules() : List.of(rule);
        Collection<Set<String>> best = null;
        long bestSize = Long.MAX_VALUE;
        for (SegmentRule part : parts) {
            Collection<Set<String>> sets = null;
            if (part instanceof SegmentRule.BirthdayInDays b) {
                List<Set<String>> found = new ArrayList<>();
                for (int[] range : cal.birthdayRanges(b.from(), b.to())) {
                    found.addAll(byBirthday.subMap(range[0], true, range[1], true).values());
                }
                sets = found;
            } else if (part instanceof SegmentRule.DaysSinceLastPurchase d) {
                LocalDate latest = cal.daysAgo(d.min());
                sets = d.max() == null ? byLastDay.headMap(latest, true).values()
                        : byLastDay.subMap(cal.daysAgo(d.max()), true, latest, true).values();
            }
            if (sets != null) {
                long size = 0;
                for (Set<String> ids : sets) {
                    size += ids.size();
                }
                if (size < bestSize) {
                    best = sets;
                    bestSize = size;
                }
            }
        }
        if (best == null || (bestSize > 0 && bestSize >= rows.size() / 4)) {
            return null;
        }
        List<String> ids = new ArrayList<>((int) bestSize);
        best.forEach(ids::addAll);
        return ids;
    }

    @Override
    public boolean matches(SegmentRule rule, LocalDate today, MemberId member) {
        MemberStats row = rows.get(member.value());
        return row != null && compile(rule, new RuleCalendar(today), new Ranks()).test(row);
    }

    private Predicate<MemberStats> compile(SegmentRule rule, RuleCalendar cal, Ranks ranks) {
        if (rule instanceof SegmentRule.AllOf all) {
            List<Predicate<MemberStats>> parts = all.rules().stream().map(r -> compile(r, cal, ranks)).toList();
            return s -> parts.stream().allMatch(p -> p.test(s));
        }
        if (rule instanceof SegmentRule.AnyOf any) {
            List<Predicate<MemberStats>> parts = any.rules().stream().map(r -> compile(r, cal, ranks)).toList();
            return s -> parts.stream().anyMatch(p -> p.test(s));
        }
        if (rule instanceof SegmentRule.Not not) {
            return compile(not.rule(), cal, ranks).negate();
        }
        if (rule instanceof SegmentRule.Named named) {
            throw new IllegalArgumentException(
                    "segment reference '" + named.name() + "' must be resolved before it reaches the store");
        }
        if (rule instanceof SegmentRule.PurchasedAtStore at) {
            LocalDate from = at.within() == null ? null : cal.windowStart(at.within());
            return s -> (at.within() == null && s.homeStore() != null && at.stores().contains(s.homeStore()))
                    || window(s, from, cal.today()).entrySet().stream()
                            .anyMatch(e -> at.stores().contains(e.getKey()) && e.getValue()[0] > 0);
        }
        if (rule instanceof SegmentRule.DaysSinceLastPurchase d) {
            LocalDate latest = cal.daysAgo(d.min());
            LocalDate earliest = d.max() == null ? null : cal.daysAgo(d.max());
            return s -> {
                LocalDate last = lastDay(s);
                return !last.isAfter(latest) && (earliest == null || !last.isBefore(earliest));
            };
        }
        if (rule instanceof SegmentRule.PurchaseCount c) {
            LocalDate from = c.window() == null ? null : cal.windowStart(c.window());
            return s -> between(c.window() == null ? s.purchaseCount() : total(s, from, cal.today(), 0), c.min(), c.max());
        }
        if (rule instanceof SegmentRule.PurchaseSum c) {
            LocalDate from = c.window() == null ? null : cal.windowStart(c.window());
            return s -> between(c.window() == null ? s.purchaseSum() : total(s, from, cal.today(), 1), c.min(), c.max());
        }
        if (rule instanceof SegmentRule.AverageReceipt a) {
            // Exact: avg >= min  <=>  sum >= min * count, so no rounding decides membership.
            return s -> s.purchaseCount() > 0 && s.purchaseSum() >= a.min() * s.purchaseCount()
                    && (a.max() == null || s.purchaseSum() <= a.max() * s.purchaseCount());
        }
        if (rule instanceof SegmentRule.DaysSinceJoining d) {
            LocalDate latest = cal.daysAgo(d.min());
            LocalDate earliest = d.max() == null ? null : cal.daysAgo(d.max());
            return s -> !s.joinedOn().isAfter(latest) && (earliest == null || !s.joinedOn().isBefore(earliest));
        }
        if (rule instanceof SegmentRule.Age a) {
            return s -> s.birthday() != null && !s.birthday().isAfter(cal.bornOnOrBefore(a.min()))
                    && (a.max() == null || s.birthday().isAfter(cal.bornAfter(a.max())));
        }
        if (rule instanceof SegmentRule.BirthdayInDays b) {
            List<int[]> ranges = cal.birthdayRanges(b.from(), b.to());
            return s -> s.birthday() != null && RuleCalendar.inRanges(RuleCalendar.monthDay(s.birthday()), ranges);
        }
        if (rule instanceof SegmentRule.InTier t) {
            return s -> s.tier() != null && t.tiers().contains(s.tier());
        }
        if (rule instanceof SegmentRule.Reachable r) {
            return switch (r.channel()) {
                case TELEGRAM -> MemberStats::telegramReachable;
                case SMS -> MemberStats::smsReachable;
                case LOG -> s -> true;
            };
        }
        if (rule instanceof SegmentRule.Rfm r) {
            if (cal.today().equals(rankedOn)) {
                return s -> {
                    if (s.purchaseCount() <= 0) {
                        return false;
                    }
                    int rs = boundedScore(s, 0);
                    int fs = boundedScore(s, 1);
                    int ms = boundedScore(s, 2);
                    return rs >= r.recencyMin() && rs <= r.recencyMax() && fs >= r.frequencyMin()
                            && fs <= r.frequencyMax() && ms >= r.monetaryMin() && ms <= r.monetaryMax();
                };
            }
            return s -> {
                int[] score = ranks.scores(s.member().value());
                return score != null && score[0] >= r.recencyMin() && score[0] <= r.recencyMax()
                        && score[1] >= r.frequencyMin() && score[1] <= r.frequencyMax()
                        && score[2] >= r.monetaryMin() && score[2] <= r.monetaryMax();
            };
        }
        if (rule instanceof SegmentRule.Blocked) {
            return MemberStats::blocked;
        }
        throw new IllegalArgumentException("unknown segment rule " + rule);
    }

    private static boolean between(long value, long min, Long max) {
        return value >= min && (max == null || value <= max);
    }

    /** Per store {count, sum} over the member's days from {@code from} (null: ever) up to today. */
    private Map<String, long[]> window(MemberStats s, LocalDate from, LocalDate today) {
        TreeMap<LocalDate, Map<String, long[]>> perDay = days.get(s.member().value());
        Map<String, long[]> out = new HashMap<>();
        if (perDay == null) {
            return out;
        }
        Map<LocalDate, Map<String, long[]>> range = from == null ? perDay.headMap(today, true)
                : perDay.subMap(from, true, today, true);
        for (Map<String, long[]> byStore : range.values()) {
            byStore.forEach((store, cell) -> {
                long[] acc = out.computeIfAbsent(store, k -> new long[2]);
                acc[0] += cell[0];
                acc[1] += cell[1];
            });
        }
        return out;
    }

    private long total(MemberStats s, LocalDate from, LocalDate today, int column) {
        return window(s, from, today).values().stream().mapToLong(c -> c[column]).sum();
    }

    /**
     * RFM quintiles over the program's buyers, computed once per evaluation like SQL's NTILE(5), ties broken
     * by member id so every store ranks the same way.
     */
    private final class Ranks {
        private Map<String, int[]> scores;

        int[] scores(String member) {
            if (scores == null) {
                scores = new HashMap<>();
                List<MemberStats> buyers = new ArrayList<>(rows.values().stream().filter(s -> s.purchaseCount() > 0)
                        .toList());
                for (int column = 0; column < 3; column++) {
                    rank(buyers, column, KEYS.get(column));
                }
            }
            return scores.get(member);
        }

        private void rank(List<MemberStats> buyers, int column, ToLongFunction<MemberStats> key) {
            buyers.sort(Comparator.comparingLong(key).thenComparing(s -> s.member().value()));
            for (int i = 0; i < buyers.size(); i++) {
                scores.computeIfAbsent(buyers.get(i).member().value(), m -> new int[3])[column] =
                        RuleCalendar.quintile(i, buyers.size());
            }
        }
    }
}
