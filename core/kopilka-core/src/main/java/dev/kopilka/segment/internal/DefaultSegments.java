package dev.kopilka.segment.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.Require;
import dev.kopilka.internal.Transactor;
import dev.kopilka.member.MemberId;
import dev.kopilka.segment.MemberPage;
import dev.kopilka.segment.MemberStats;
import dev.kopilka.segment.SegmentDefinition;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.SegmentSyntax;
import dev.kopilka.segment.Segments;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Segments over the statistics store: each question one read-only transaction, one query in the store. */
public final class DefaultSegments implements Segments {

    /** The largest page {@link #members} returns. */
    public static final int MAX_PAGE = 100_000;

    private final Transactor transactor;
    private final SegmentCatalog catalog;
    private final Clock clock;
    private final ZoneId zone;

    public DefaultSegments(Transactor transactor, SegmentCatalog catalog, Clock clock, ZoneId zone) {
        this.transactor = transactor;
        this.catalog = catalog;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public List<SegmentDefinition> definitions() {
        return catalog.definitions();
    }

    @Override
    public Optional<SegmentDefinition> definition(String name) {
        return catalog.definition(name);
    }

    @Override
    public SegmentRule parse(String text) {
        return SegmentSyntax.parse(text);
    }

    @Override
    public SegmentRule resolve(SegmentRule rule) {
        Require.present(rule, "rule");
        return catalog.resolve(rule);
    }

    @Override
    public long size(ProgramId program, String segment) {
        return size(program, named(segment));
    }

    @Override
    public long size(ProgramId program, SegmentRule rule) {
        SegmentRule resolved = resolve(rule);
        LocalDate today = today();
        return transactor.read(program, tx -> tx.stats().count(resolved, today));
    }

    @Override
    public MemberPage members(ProgramId program, String segment, MemberId after, int limit) {
        return members(program, named(segment), after, limit);
    }

    @Override
    public MemberPage members(ProgramId program, SegmentRule rule, MemberId after, int limit) {
        Require.that(limit > 0 && limit <= MAX_PAGE, "limit", "must be between 1 and " + MAX_PAGE, limit);
        SegmentRule resolved = resolve(rule);
        LocalDate today = today();
        List<MemberId> ids = transactor.read(program, tx -> tx.stats().select(resolved, today, after, limit));
        return new MemberPage(ids, ids.size() < limit ? null : ids.get(ids.size() - 1));
    }

    @Override
    public boolean contains(ProgramId program, String segment, MemberId member) {
        return contains(program, named(segment), member);
    }

    @Override
    public boolean contains(ProgramId program, SegmentRule rule, MemberId member) {
        Require.present(member, "member");
        SegmentRule resolved = resolve(rule);
        LocalDate today = today();
        return transactor.read(program, tx -> tx.stats().matches(resolved, today, member));
    }

    @Override
    public void refresh(ProgramId program) {
        LocalDate today = today();
        transactor.write(program, w -> {
            w.tx().stats().refresh(today);
            return null;
        });
    }

    @Override
    public Optional<MemberStats> stats(ProgramId program, MemberId member) {
        Require.present(member, "member");
        return transactor.read(program, tx -> tx.stats().find(member));
    }

    /** A reference to a segment; {@link SegmentCatalog#resolve} refuses an unknown name, listing the known ones. */
    private static SegmentRule named(String segment) {
        Require.present(segment, "segment");
        return new SegmentRule.Named(segment);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }
}
