package dev.kopilka.store.memory;

import dev.kopilka.member.MemberId;
import dev.kopilka.segment.MemberStats;
import dev.kopilka.segment.port.MemberStatsStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link MemberStatsStore}: the statistics rows of one program. */
public final class InMemoryMemberStatsStore extends InMemoryTable implements MemberStatsStore {

    private final Map<MemberId, MemberStats> rows = new HashMap<>();

    public InMemoryMemberStatsStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<MemberStats> find(MemberId member) {
        return Optional.ofNullable(rows.get(member));
    }

    @Override
    public void upsert(MemberStats stats) {
        requireWritable();
        MemberStats previous = rows.put(stats.member(), stats);
        undoable(() -> {
            if (previous == null) {
                rows.remove(stats.member());
            } else {
                rows.put(stats.member(), previous);
            }
        });
    }
}
