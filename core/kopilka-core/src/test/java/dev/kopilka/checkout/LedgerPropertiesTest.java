package dev.kopilka.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Fixture;
import dev.kopilka.Outcome;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of till, ledger and clock operations, checked after every step against a simple model
 * and the ledger's invariants. A failure shrinks to a minimal sequence.
 */
class LedgerPropertiesTest {

    private static final String ZONE = "Europe/Berlin"; // has DST, unlike Moscow
    private static final int MEMBERS = 3;

    /** Register, purchase, hold/confirm/discard, partial and full returns, replays, grants, clock jumps. */
    sealed interface Step permits Register, Buy, Hold, Confirm, Discard, ReturnLines, ReturnAmount, Replay, GrantPoints, Jump {
    }

    record Register(int seed) implements Step {
    }

    record Buy(int member, long kopecks, int quantity, int pointsMode, long points) implements Step {
    }

    record Hold(int member, long kopecks, long points) implements Step {
    }

    record Confirm(int ticket) implements Step {
    }

    record Discard(int ticket) implements Step {
    }

    record ReturnLines(int sale, int quantity) implements Step {
    }

    record ReturnAmount(int sale, int percent) implements Step {
    }

    record Replay(int call) implements Step {
    }

    record GrantPoints(int member, long points, int validityDays) implements Step {
    }

    /** kind 0: minutes, 1: days, 2: to the next Feb 29, 3: to the next DST change, 4: a year. */
    record Jump(int kind, int amount) implements Step {
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void theLedgerKeepsItsInvariants(@ForAll("steps") @Size(min = 1, max = 60) List<Step> steps,
            @ForAll boolean capPolicy) {
        Map<String, String> p = new HashMap<>();
        p.put("kopilka.program.zone", ZONE);
        p.put("kopilka.earning.delay", "P1D");
        p.put("kopilka.earning.expire-after-inactivity", "P1Y");
        p.put("kopilka.redemption.max-percent", "30");
        p.put("kopilka.checkout.hold-ttl", "PT15M");
        p.put("kopilka.returns.overspent-policy", capPolicy ? "cap" : "negative");
        new Run(new Fixture(p, new dev.kopilka.store.memory.InMemoryStore(), "2024-02-20T09:00:00")).execute(steps);
    }

    /** One run: the engine, the model, and the checks. */
    static final class Run {
        final Fixture f;
        final List<MemberId> members = new ArrayList<>();
        final Map<MemberId, Long> modelIn = new HashMap<>();
        final List<Ticket> tickets = new ArrayList<>();
        final List<PurchaseReceipt> sales = new ArrayList<>();
        final Map<String, long[]> returned = new HashMap<>(); // txid -> {restored, clawed}
        final Map<String, BigDecimal> returnedQuantity = new HashMap<>();
        final List<Supplier<Outcome<?>>> calls = new ArrayList<>();
        final List<Outcome<?>> results = new ArrayList<>();
        int counter;

        Run(Fixture f) {
            this.f = f;
            for (int i = 0; i < MEMBERS; i++) {
                MemberId m = f.register("+7999000000" + i);
                members.add(m);
                modelIn.put(m, 0L);
            }
        }

        void execute(List<Step> steps) {
            for (Step step : steps) {
                apply(step);
                check(step);
            }
        }

        MemberId member(int index) {
            return members.get(index % members.size());
        }

        void apply(Step step) {
            if (step instanceof Register r) {
                String phone = "+7998" + String.format("%07d", r.seed());
                Outcome<dev.kopilka.member.Member> outcome = f.kopilka.members().register(f.program,
                        dev.kopilka.member.Registration.withPhone(phone));
                if (outcome instanceof Outcome.Accepted<dev.kopilka.member.Member> a) {
                    members.add(a.value().id());
                    modelIn.put(a.value().id(), 0L);
                } else {
                    assertThat(outcome.refusal()).isInstanceOf(dev.kopilka.Refusal.DuplicateMember.class);
                }
            } else if (step instanceof Buy b) {
                MemberId m = member(b.member());
                PointsToApply points = switch (b.pointsMode()) {
                    case 0 -> PointsToApply.none();
                    case 1 -> PointsToApply.max();
                    default -> PointsToApply.exactly(b.points());
                };
                PurchaseRequest request = PurchaseRequest.of(MemberRef.id(m), "s1",
                        List.of(new Line("1", "A", null, BigDecimal.valueOf(b.quantity()), b.kopecks(), 0, false, false, false),
                                Line.of("2", "TOBACCO", 1, 30_000).asNoEarn().asNoRedeem()))
                        .withPoints(points);
                String txid = "t" + (++counter);
                Outcome<PurchaseReceipt> outcome = record(() -> f.checkout().purchase(f.program, txid, request));
                if (outcome instanceof Outcome.Accepted<PurchaseReceipt> a) {
                    Calculation c = a.value().calculation();
                    assertThat(c.pointsApplied()).isLessThanOrEqualTo(c.total() * 30 / 100 / 100);
                    modelIn.merge(m, c.pointsEarned() - c.pointsApplied(), Long::sum);
                    sales.add(a.value());
                }
            } else if (step instanceof Hold h) {
                MemberId m = member(h.member());
                PurchaseRequest request = PurchaseRequest.of(MemberRef.id(m), "s1",
                        List.of(Line.of("1", "A", 1, h.kopecks()))).withPoints(PointsToApply.exactly(h.points()));
                String txid = "h" + (++counter);
                Outcome<Ticket> outcome = record(() -> f.checkout().hold(f.program, txid, request));
                if (outcome instanceof Outcome.Accepted<Ticket> a) {
                    tickets.add(a.value());
                }
            } else if (step instanceof Confirm c && !tickets.isEmpty()) {
                Ticket t = tickets.get(c.ticket() % tickets.size());
                boolean wasOpen = open(t);
                Outcome<PurchaseReceipt> outcome = record(() -> f.checkout().confirm(f.program, t.ticket()));
                if (wasOpen && outcome instanceof Outcome.Accepted<PurchaseReceipt> a) {
                    Calculation calc = a.value().calculation();
                    modelIn.merge(a.value().member(), calc.pointsEarned() - calc.pointsApplied(), Long::sum);
                    sales.add(a.value());
                    closed.add(t.ticket());
                }
            } else if (step instanceof Discard d && !tickets.isEmpty()) {
                Ticket t = tickets.get(d.ticket() % tickets.size());
                Outcome<Discarded> outcome = record(() -> f.checkout().discard(f.program, t.ticket()));
                if (outcome.isAccepted()) {
                    closed.add(t.ticket());
                }
            } else if (step instanceof ReturnLines r && !sales.isEmpty()) {
                PurchaseReceipt sale = sales.get(r.sale() % sales.size());
                applyReturn(sale, ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("1", r.quantity()))));
            } else if (step instanceof ReturnAmount r && !sales.isEmpty()) {
                PurchaseReceipt sale = sales.get(r.sale() % sales.size());
                long amount = Math.max(1, sale.calculation().toPay() * r.percent() / 100);
                applyReturn(sale, ReturnRequest.ofAmount(sale.txid(), amount));
            } else if (step instanceof Replay r && !calls.isEmpty()) {
                int i = r.call() % calls.size();
                Outcome<?> original = results.get(i);
                if (original.isAccepted() && !(calls.get(i) instanceof NotReplayable)) {
                    Map<MemberId, List<String>> before = statements();
                    Map<MemberId, Balance> balances = balances();
                    Outcome<?> again = calls.get(i).get();
                    assertThat(again).isEqualTo(original);
                    assertThat(statements()).isEqualTo(before);
                    assertThat(balances()).isEqualTo(balances);
                }
            } else if (step instanceof GrantPoints g) {
                MemberId m = member(g.member());
                Grant grant = Grant.of(g.points(), LotSource.MANUAL, "g" + (++counter));
                if (g.validityDays() > 0) {
                    grant = grant.validFor(Period.ofDays(g.validityDays()));
                }
                Grant finalGrant = grant;
                Outcome<LedgerEntry> outcome = record(() -> f.kopilka.ledger().grant(f.program, MemberRef.id(m), finalGrant));
                assertThat(outcome.isAccepted()).isTrue();
                modelIn.merge(m, g.points(), Long::sum);
            } else if (step instanceof Jump j) {
                jump(j);
            }
        }

        final java.util.Set<String> closed = new java.util.HashSet<>();

        boolean open(Ticket t) {
            return !closed.contains(t.ticket()) && f.now().isBefore(t.expiresAt());
        }

        void applyReturn(PurchaseReceipt sale, ReturnRequest request) {
            String id = "r" + (++counter);
            Outcome<ReturnReceipt> outcome = record(() -> f.checkout().applyReturn(f.program, id, request));
            if (outcome instanceof Outcome.Accepted<ReturnReceipt> a) {
                ReturnReceipt r = a.value();
                long[] sums = returned.computeIfAbsent(sale.txid(), k -> new long[2]);
                sums[0] += r.calculation().pointsRestored();
                sums[1] += r.calculation().pointsClawedBack();
                Calculation c = sale.calculation();
                assertThat(sums[0]).isLessThanOrEqualTo(c.pointsApplied());
                assertThat(sums[1]).isLessThanOrEqualTo(c.pointsEarned());
                assertThat(r.clawedFromPoints() + r.addedToDebt() + r.shortfall())
                        .isEqualTo(r.calculation().pointsClawedBack());
                modelIn.merge(sale.member(), r.calculation().pointsRestored() - r.clawedFromPoints() - r.addedToDebt(),
                        Long::sum);
                BigDecimal total = returnedQuantity.merge(sale.txid(), r.calculation().lines().stream()
                        .filter(l -> l.lineId().equals("1")).map(ReturnCalculation.Line::quantity)
                        .reduce(BigDecimal.ZERO, BigDecimal::add), BigDecimal::add);
                if (total.compareTo(c.line("1").quantity()) == 0) {
                    // line 1 carries all points of the sale: once it is all back, exactly everything went back
                    assertThat(sums[0]).isEqualTo(c.pointsApplied());
                    assertThat(sums[1]).isEqualTo(c.pointsEarned());
                }
            }
        }

        void jump(Jump j) {
            ZoneId zone = ZoneId.of(ZONE);
            switch (j.kind()) {
                case 0 -> f.advance(Duration.ofMinutes(j.amount()));
                case 1 -> f.advanceDays(j.amount());
                case 2 -> {
                    LocalDateTime now = LocalDateTime.ofInstant(f.now(), zone);
                    int year = now.getYear();
                    while (true) {
                        if (java.time.Year.isLeap(year)) {
                            Instant target = LocalDateTime.of(year, 2, 29, 0, 0).atZone(zone).toInstant()
                                    .plus(Duration.ofMinutes(j.amount() % 60));
                            if (target.isAfter(f.now())) {
                                f.clock.set(target);
                                break;
                            }
                        }
                        year++;
                    }
                }
                case 3 -> {
                    var rules = zone.getRules();
                    var next = rules.nextTransition(f.now());
                    f.clock.set(next.getInstant().minus(Duration.ofMinutes(1)).plus(Duration.ofMinutes(j.amount() % 3)));
                }
                default -> f.advanceDays(365);
            }
        }

        void check(Step step) {
            for (MemberId m : members) {
                Balance b = f.balance(m);
                List<Lot> lots = f.kopilka.ledger().lots(f.program, MemberRef.id(m)).orElseThrow();
                List<LedgerEntry> statement = f.statement(m);
                for (Lot lot : lots) {
                    assertThat(lot.remaining()).as("lot %s after %s", lot, step).isBetween(1L, lot.points());
                }
                assertThat(b.debt()).isNotNegative();
                if (b.debt() == 0) {
                    assertThat(b.available()).as("available after %s", step).isNotNegative();
                }
                assertThat(b.available()).isEqualTo(
                        lots.stream().filter(l -> !l.activatesAt().isAfter(f.now())).mapToLong(Lot::remaining).sum()
                                - b.debt());
                long entriesSum = statement.stream().mapToLong(LedgerEntry::points).sum();
                long lotsSum = lots.stream().mapToLong(Lot::remaining).sum();
                assertThat(entriesSum).as("entries vs lots after %s", step).isEqualTo(lotsSum - b.debt());
                long expired = statement.stream().filter(e -> e.type() == EntryType.EXPIRE).mapToLong(LedgerEntry::points).sum();
                long reserved = tickets.stream().filter(t -> t.calculation().member().equals(m) && open(t))
                        .mapToLong(t -> t.calculation().pointsApplied()).sum();
                assertThat(b.reserved()).as("reserved after %s", step).isEqualTo(reserved);
                // model: everything that came in minus what went out, minus expiries and open holds
                assertThat(b.available() + b.pending())
                        .as("model balance of %s after %s", m, step)
                        .isEqualTo(modelIn.get(m) + expired - reserved);
            }
        }

        @SuppressWarnings("unchecked")
        <T> Outcome<T> record(Supplier<Outcome<T>> call) {
            Outcome<T> outcome = call.get();
            calls.add((Supplier<Outcome<?>>) (Supplier<?>) call);
            results.add(outcome);
            return outcome;
        }

        /** Statements without entry ids: entries of a not yet written settlement get fresh ids on each read. */
        Map<MemberId, List<String>> statements() {
            Map<MemberId, List<String>> all = new HashMap<>();
            for (MemberId m : members) {
                all.put(m, f.statement(m).stream().map(e -> e.type() + " " + e.points() + " " + e.at()).toList());
            }
            return all;
        }

        Map<MemberId, Balance> balances() {
            Map<MemberId, Balance> all = new HashMap<>();
            for (MemberId m : members) {
                all.put(m, f.balance(m));
            }
            return all;
        }
    }

    /** Marker for calls whose replay is not meant to be identical (none today). */
    interface NotReplayable {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> member = Arbitraries.integers().between(0, 7);
        Arbitrary<Step> register = Arbitraries.integers().between(0, 5).map(Register::new);
        Arbitrary<Long> kopecks = Arbitraries.longs().between(1, 2_000_000);
        Arbitrary<Step> buy = Combinators.combine(member, kopecks, Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 2), Arbitraries.longs().between(1, 3_000)).as(Buy::new);
        Arbitrary<Step> hold = Combinators.combine(member, kopecks, Arbitraries.longs().between(1, 2_000)).as(Hold::new);
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 100);
        Arbitrary<Step> confirm = index.map(Confirm::new);
        Arbitrary<Step> discard = index.map(Discard::new);
        Arbitrary<Step> returnLines = Combinators.combine(index, Arbitraries.integers().between(1, 3)).as(ReturnLines::new);
        Arbitrary<Step> returnAmount = Combinators.combine(index, Arbitraries.integers().between(1, 100)).as(ReturnAmount::new);
        Arbitrary<Step> replay = index.map(Replay::new);
        Arbitrary<Step> grant = Combinators.combine(member, Arbitraries.longs().between(1, 5_000),
                Arbitraries.of(0, 0, 7, 10, 30)).as(GrantPoints::new);
        Arbitrary<Step> jump = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 400)).as(Jump::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, register), net.jqwik.api.Tuple.of(6, buy), net.jqwik.api.Tuple.of(3, hold), net.jqwik.api.Tuple.of(2, confirm),
                net.jqwik.api.Tuple.of(1, discard), net.jqwik.api.Tuple.of(2, returnLines),
                net.jqwik.api.Tuple.of(2, returnAmount), net.jqwik.api.Tuple.of(3, replay),
                net.jqwik.api.Tuple.of(3, grant), net.jqwik.api.Tuple.of(4, jump)).list();
    }
}
