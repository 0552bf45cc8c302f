package dev.kopilka.segment;

import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import java.util.List;
import java.util.Optional;

/**
 * The front door of segmentation: the named segments of {@code kopilka.segments.*} (plus the built-ins
 * {@code regulars}, {@code churn-risk}, {@code loyal}, {@code vip}), their sizes and members. Every
 * evaluation runs in the store over the members' statistics (on JDBC one set-based query), as of today in
 * the program's zone.
 */
public interface Segments {

    /** Built-in and configured segments, by name. */
    List<SegmentDefinition> definitions();

    Optional<SegmentDefinition> definition(String name);

    /**
     * Parses an ad-hoc rule in the syntax of {@code kopilka.segments.<name>.rule}.
     *
     * @throws SegmentSyntaxException naming the position and the bad token
     */
    SegmentRule parse(String text);

    /**
     * The rule with every {@code segment(name)} reference replaced by its definition, as stores need it.
     *
     * @throws dev.kopilka.InvalidRequestException for an unknown segment name
     */
    SegmentRule resolve(SegmentRule rule);

    /** Number of members in the named segment. */
    long size(ProgramId program, String segment);

    long size(ProgramId program, SegmentRule rule);

    /** Members of the named segment after {@code after} (null: from the first), at most {@code limit}. */
    MemberPage members(ProgramId program, String segment, MemberId after, int limit);

    MemberPage members(ProgramId program, SegmentRule rule, MemberId after, int limit);

    boolean contains(ProgramId program, String segment, MemberId member);

    boolean contains(ProgramId program, SegmentRule rule, MemberId member);

    /**
     * Brings the program's derived statistics up to today in one transaction: the rolling 90- and 365-day
     * counters of the members whose oldest counted day left the window, and, at the first refresh of the day, the
     * RFM quintile boundaries that every RFM rule of the day is then scored against (see docs/segments.md). The
     * daily sweep runs it first; without campaigns, run it once a day. Rules give exact results without it, only
     * slower (rolling windows summed per member, RFM ranked per query).
     */
    void refresh(ProgramId program);

    /** The member's statistics row, if they have one. */
    Optional<MemberStats> stats(ProgramId program, MemberId member);
}
