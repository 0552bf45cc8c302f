package dev.kopilka.segment.port;

import dev.kopilka.member.MemberId;
import dev.kopilka.segment.MemberStats;
import java.util.Optional;

/** Secondary port: the statistics rows of one program's members, bound to one store transaction. */
public interface MemberStatsStore {

    Optional<MemberStats> find(MemberId member);

    /** Inserts or replaces the member's row. */
    void upsert(MemberStats stats);
}
