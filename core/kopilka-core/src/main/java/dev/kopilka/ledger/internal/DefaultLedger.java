package dev.kopilka.ledger.internal;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.RequestFingerprint;
import dev.kopilka.internal.BulkLedger;
import dev.kopilka.internal.IdSource;
import dev.kopilka.internal.MemberFinder;
import dev.kopilka.internal.Transactor;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.Deduction;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.Ledger;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.LedgerEvents.PointsDeducted;
import dev.kopilka.ledger.LedgerRules;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.MemberPoints;
import dev.kopilka.ledger.port.AdjustmentRecord;
import dev.kopilka.ledger.port.MemberLedger;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.store.port.StoreTransaction;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The ledger's operations: each one a transaction around {@link MemberPoints}. */
public final class DefaultLedger implements Ledger, BulkLedger {

    private final Transactor transactor;
    private final MemberFinder finder;
    private final LedgerRules rules;
    private final Clock clock;
    private final IdSource ids;

    public DefaultLedger(Transactor transactor, MemberFinder finder, LedgerRules rules, Clock clock, IdSource ids) {
        this.transactor = transactor;
        this.finder = finder;
        this.rules = rules;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Outcome<Balance> balance(ProgramId program, MemberRef member) {
        return read(program, member, MemberPoints::balance);
    }

    @Override
    public Outcome<List<LedgerEntry>> statement(ProgramId program, MemberRef member) {
        return read(program, member, MemberPoints::statement);
    }

    @Override
    public Outcome<List<Lot>> lots(ProgramId program, MemberRef member) {
        return read(program, member, MemberPoints::lots);
    }

    @Override
    public Outcome<Balance> settle(ProgramId program, MemberRef ref) {
        return transactor.write(program, work -> {
            Optional<Member> member = finder.lock(work.tx().members(), ref);
            if (member.isEmpty()) {
                return Outcome.refused(new Refusal.MemberNotFound(MemberFinder.describe(ref)));
            }
            MemberPoints points = load(program, work.tx(), member.get(), clock.instant());
            Balance balance = points.balance();
            points.events().forEach(work::raise);
            points.flush();
            return Outcome.accepted(balance);
        });
    }

    @Override
    public Outcome<LedgerEntry> grant(ProgramId program, MemberRef ref, Grant grant) {
        return adjust(program, ref, "grant", grant.idempotencyKey(), grantRequest(grant), grantChange(grant));
    }

    private static RequestFingerprint.Builder grantRequest(Grant grant) {
        return RequestFingerprint.builder()
                .add("points", grant.points())
                .add("source", grant.source().name())
                .add("validity", grant.validity())
                .add("activatesAt", grant.activatesAt())
                .add("reason", grant.reason());
    }

    private Function<MemberPoints, Outcome<LedgerEntry>> grantChange(Grant grant) {
        return points -> {
            Instant now = points.now();
            Instant activatesAt = grant.activatesAt() == null || grant.activatesAt().isBefore(now)
                    ? now : grant.activatesAt();
            TemporalAmount validity = grant.validity() != null ? grant.validity() : rules.grantValidity().orElse(null);
            Instant expiresAt = validity == null ? null : rules.plus(activatesAt, validity);
            String note = grant.reason() == null ? null
                    : grant.reason() + (grant.staffId() == null ? "" : " (by " + grant.staffId() + ")");
            points.addLot(grant.source(), grant.points(), activatesAt, expiresAt, grant.idempotencyKey(), note);
            return Outcome.accepted(last(points));
        };
    }

    /**
     * {@link #grant} for many members in one transaction (the caller's, when inside one): each outcome equals what
     * {@link #grant} would give, but the store is asked in bulk — the members locked in one statement, the earlier
     * adjustments and the ledgers read in one each, and the lots, entries, accounts and adjustment records written
     * once per kind for all of them. A member asked twice, or whose key was used before (a replay or a conflicting
     * retry), goes through {@link #grant} one by one after the others. Outcomes are in the order of {@code grants}.
     */
    @Override
    public List<Outcome<Granted>> grantAll(ProgramId program, List<MemberGrant> grants) {
        return transactor.write(program, work -> {
            StoreTransaction tx = work.tx();
            List<MemberId> asked = new ArrayList<>(new LinkedHashSet<>(grants.stream().map(MemberGrant::member).toList()));
            Map<MemberId, Member> locked = tx.members().lockAll(asked);
            Map<String, AdjustmentRecord> earlier = tx.ledger()
                    .adjustments(grants.stream().map(g -> g.grant().idempotencyKey()).toList());
            List<Outcome<Granted>> outcomes = new ArrayList<>(java.util.Collections.nCopies(grants.size(), null));
            List<Integer> bulk = new ArrayList<>();
            List<Integer> oneByOne = new ArrayList<>();
            Set<MemberId> seen = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < grants.size(); i++) {
                MemberGrant g = grants.get(i);
                if (!locked.containsKey(g.member())) {
                    outcomes.set(i, Outcome.refused(new Refusal.MemberNotFound(
                            MemberFinder.describe(MemberRef.id(g.member())))));
                } else if (earlier.containsKey(g.grant().idempotencyKey()) || !seen.add(g.member())
                        || !keys.add(g.grant().idempotencyKey())) {
                    oneByOne.add(i);
                } else {
                    bulk.add(i);
                }
            }
            Map<MemberId, MemberLedger> ledgers = tx.ledger()
                    .memberLedgers(bulk.stream().map(i -> grants.get(i).member()).toList());
            LedgerWrites writes = new LedgerWrites(tx.ledger());
            Instant now = clock.instant();
            for (int i : bulk) {
                MemberGrant g = grants.get(i);
                Member member = locked.get(g.member());
                MemberPoints points = MemberPoints.load(writes, ledgers.get(member.id()), rules, ids::next, program,
                        member.id(), member.joinedAt(), now);
                Outcome<LedgerEntry> outcome = applyNew(work, writes, points, g.grant().idempotencyKey(),
                        fingerprint(grantRequest(g.grant()), "grant", member), grantChange(g.grant()));
                if (outcome instanceof Outcome.Accepted<LedgerEntry> accepted) {
                    outcomes.set(i, Outcome.accepted(new Granted(accepted.value(), points.balance())));
                } else {
                    outcomes.set(i, refusedAs(outcome));
                }
            }
            writes.flush();
            for (int i : oneByOne) {
                MemberGrant g = grants.get(i);
                Outcome<LedgerEntry> outcome = grant(program, MemberRef.id(g.member()), g.grant());
                if (outcome instanceof Outcome.Accepted<LedgerEntry> accepted) {
                    Outcome<Balance> balance = balance(program, MemberRef.id(g.member()));
                    outcomes.set(i, Outcome.accepted(new Granted(accepted.value(),
                            balance instanceof Outcome.Accepted<Balance> b ? b.value() : null)));
                } else {
                    outcomes.set(i, refusedAs(outcome));
                }
            }
            return outcomes;
        });
    }

    /**
     * {@link #balance} of many members at once (read in the caller's transaction when inside one), each settled as
     * of now in memory exactly as {@link #balance} settles it; the ledgers are read in one go.
     */
    @Override
    public Map<MemberId, Balance> balances(ProgramId program, Collection<Member> members) {
        return transactor.read(program, tx -> {
            Map<MemberId, MemberLedger> ledgers = tx.ledger().memberLedgers(members.stream().map(Member::id).toList());
            Instant now = clock.instant();
            Map<MemberId, Balance> balances = new LinkedHashMap<>();
            for (Member m : members) {
                if (!balances.containsKey(m.id())) {
                    balances.put(m.id(), MemberPoints.load(tx.ledger(), ledgers.get(m.id()), rules, ids::next, program,
                            m.id(), m.joinedAt(), now).balance());
                }
            }
            return balances;
        });
    }

    private static <T> Outcome<T> refusedAs(Outcome<?> refused) {
        return Outcome.refused(((Outcome.Refused<?>) refused).refusal());
    }

    @Override
    public Outcome<LedgerEntry> deduct(ProgramId program, MemberRef ref, Deduction deduction) {
        RequestFingerprint.Builder request = RequestFingerprint.builder()
                .add("points", deduction.points())
                .add("reason", deduction.reason());
        return adjust(program, ref, "deduction", deduction.idempotencyKey(), request, points -> {
            if (points.available() < deduction.points()) {
                return Outcome.refused(new Refusal.InsufficientPoints(deduction.points(), Math.max(0, points.available())));
            }
            String note = deduction.reason() + (deduction.staffId() == null ? "" : " (by " + deduction.staffId() + ")");
            LedgerEntry entry = points.spend(EntryType.DEDUCT, deduction.points(), deduction.idempotencyKey(), note);
            return Outcome.accepted(withEvent(points, entry, new PointsDeducted(program, points.now(), points.member(),
                    deduction.points(), deduction.idempotencyKey(), deduction.reason())));
        });
    }

    private Outcome<LedgerEntry> adjust(ProgramId program, MemberRef ref, String operation, String key,
            RequestFingerprint.Builder fields, Function<MemberPoints, Outcome<LedgerEntry>> change) {
        return transactor.write(program, work -> {
            StoreTransaction tx = work.tx();
            Optional<Member> member = finder.lock(tx.members(), ref);
            if (member.isEmpty()) {
                return Outcome.refused(new Refusal.MemberNotFound(MemberFinder.describe(ref)));
            }
            RequestFingerprint request = fingerprint(fields, operation, member.get());
            Optional<AdjustmentRecord> earlier = tx.ledger().adjustment(key);
            if (earlier.isPresent()) {
                List<String> differing = earlier.get().request().differingFields(request);
                if (!differing.isEmpty()) {
                    return Outcome.refused(new Refusal.ConflictingRetry(operation, key, differing));
                }
                String entryId = earlier.get().entryId();
                return Outcome.accepted(tx.ledger().entries(member.get().id()).stream()
                        .filter(e -> e.id().equals(entryId)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("entry " + entryId + " of " + key + " is missing")));
            }
            return applyNew(work, tx.ledger(), load(program, tx, member.get(), clock.instant()), key, request, change);
        });
    }

    private static RequestFingerprint fingerprint(RequestFingerprint.Builder fields, String operation, Member member) {
        return fields.add("operation", operation).add("member", member.id().value()).build();
    }

    /**
     * Applies a new adjustment to the member's points and, when accepted, records it under its key, raises its
     * events and hands its writes to {@code ledger}.
     */
    private static Outcome<LedgerEntry> applyNew(Transactor.Work work, dev.kopilka.ledger.port.LedgerStore ledger,
            MemberPoints points, String key, RequestFingerprint request,
            Function<MemberPoints, Outcome<LedgerEntry>> change) {
        Outcome<LedgerEntry> outcome = change.apply(points);
        if (outcome instanceof Outcome.Accepted<LedgerEntry> accepted) {
            ledger.insertAdjustment(new AdjustmentRecord(key, points.member(), request, accepted.value().id()));
            points.events().forEach(work::raise);
            points.flush();
        }
        return outcome;
    }

    private <T> Outcome<T> read(ProgramId program, MemberRef ref, Function<MemberPoints, T> view) {
        return transactor.read(program, tx -> {
            Optional<Member> member = finder.find(tx.members(), ref);
            if (member.isEmpty()) {
                return Outcome.refused(new Refusal.MemberNotFound(MemberFinder.describe(ref)));
            }
            return Outcome.accepted(view.apply(load(program, tx, member.get(), clock.instant())));
        });
    }

    private MemberPoints load(ProgramId program, StoreTransaction tx, Member member, Instant now) {
        return MemberPoints.load(tx.ledger(), rules, ids::next, program, member.id(), member.joinedAt(), now);
    }

    private static LedgerEntry last(MemberPoints points) {
        List<LedgerEntry> written = points.newEntries();
        return written.get(written.size() - 1);
    }

    private static LedgerEntry withEvent(MemberPoints points, LedgerEntry entry, dev.kopilka.event.DomainEvent event) {
        // Deductions have no event in MemberPoints itself: the ledger adds its own.
        points.raiseExtra(event);
        return entry;
    }
}
