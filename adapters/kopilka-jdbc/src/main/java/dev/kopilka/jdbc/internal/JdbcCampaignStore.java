package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.campaign.Participation;
import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.member.MemberId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CampaignStore} on SQL tables. The primary key (program, campaign, member, occurrence) is the last line
 * of defence against a double reward: two instances racing to insert the same participation make one transaction
 * fail with a unique violation, which the store runs again and which then finds the winner's row.
 */
public final class JdbcCampaignStore extends JdbcTable implements CampaignStore {

    private static final String SEPARATOR = ",";
    private static final String COLUMNS = "program, campaign_id, member_id, occurrence, grp, occurred_at, points, "
            + "grant_expires_at, promo_code, message_ids";
    private static final String MARKS = "?,?,?,?,?,?,?,?,?,?";


    public JdbcCampaignStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    @Override
    public Optional<Participation> find(String campaignId, MemberId member, String occurrence) {
        return queryOne("read campaign participation", "SELECT * FROM #campaign_participations WHERE program = ? "
                + "AND campaign_id = ? AND member_id = ? AND occurrence = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, campaignId);
                    ps.setString(3, member.value());
                    ps.setString(4, occurrence);
                }, JdbcCampaignStore::participation);
    }

    /** One query per chunk of members (by the primary key's prefix); the pairs are picked out here. */
    @Override
    public List<Participation> findAll(String campaignId, Collection<Occurrence> occurrences) {
        Set<Occurrence> asked = new java.util.LinkedHashSet<>(occurrences);
        List<Participation> found = new ArrayList<>();
        KeyedRead q = new KeyedRead("SELECT t.*", "*", "#campaign_participations",
                "t.program = ? AND t.campaign_id = ?", "member_id", "occurrence", "", false);
        for (Participation p : queryByKeys("read campaign participations of members", q,
                asked.stream().map(o -> o.member().value()).toList(), asked.stream().map(Occurrence::occurrence).toList(),
                (ps, i) -> {
                    ps.setString(i, program);
                    ps.setString(i + 1, campaignId);
                    return i + 2;
                }, JdbcCampaignStore::participation)) {
            if (asked.contains(new Occurrence(p.member(), p.occurrence()))) {
                found.add(p);
            }
        }
        return found;
    }

    /**
     * PostgreSQL and MariaDB: one multi-row insert per chunk that skips taken keys ({@code ON CONFLICT DO NOTHING},
     * {@code INSERT IGNORE}) and counts the rows added; H2: the single-row statement in one JDBC batch.
     */
    @Override
    public int insertAll(Collection<Participation> participations) {
        List<Participation> rows = List.copyOf(participations);
        rows.forEach(JdbcCampaignStore::checkMessageIds);
        if (rows.isEmpty()) {
            return 0;
        }
        if (dialect == Dialect.H2) {
            int added = 0;
            for (int n : batchCounts("insert campaign participations", insertSql(), rows,
                    (ps, p) -> bindInsert(ps, p))) {
                added += Math.max(0, n);
            }
            return added;
        }
        int added = 0;
        for (int from = 0; from < rows.size(); from += KEYS_PER_QUERY) {
            List<Participation> chunk = rows.subList(from, Math.min(rows.size(), from + KEYS_PER_QUERY));
            String groups = String.join(",", java.util.Collections.nCopies(chunk.size(), "(" + MARKS + ")"));
            String text = dialect == Dialect.POSTGRESQL
                    ? "INSERT INTO #campaign_participations (" + COLUMNS + ") VALUES " + groups
                            + " ON CONFLICT (program, campaign_id, member_id, occurrence) DO NOTHING"
                    : "INSERT IGNORE INTO #campaign_participations (" + COLUMNS + ") VALUES " + groups;
            added += update("insert campaign participations", text, ps -> {
                ShiftedStatement shifted = new ShiftedStatement(ps);
                for (int i = 0; i < chunk.size(); i++) {
                    bindInsert(i == 0 ? ps : shifted.at(i * 10), chunk.get(i));
                }
            });
        }
        return added;
    }

    @Override
    public Map<MemberId, Integer> treatedSinceAll(Collection<MemberId> members, Collection<String> campaignIds,
            Instant since) {
        Map<MemberId, Integer> counts = new HashMap<>();
        if (campaignIds.isEmpty() || members.isEmpty()) {
            return counts;
        }
        List<String> ids = List.copyOf(campaignIds);
        KeyedRead q = new KeyedRead("SELECT t.member_id, COUNT(*)", "member_id", "#campaign_participations",
                "t.program = ? AND t.occurred_at >= ? AND t.grp = 'TREATED' AND t.campaign_id IN ("
                        + Sql.marks(ids.size()) + ")", "member_id", null, " GROUP BY t.member_id", false);
        for (Object[] row : queryByKeys("count treated participations of members", q,
                members.stream().map(MemberId::value).distinct().toList(), null, (ps, first) -> {
                    int i = first;
                    ps.setString(i++, program);
                    Sql.setInstant(ps, i++, since);
                    for (String id : ids) {
                        ps.setString(i++, id);
                    }
                    return i;
                }, rs -> new Object[] {rs.getString(1), rs.getInt(2)})) {
            counts.put(MemberId.of((String) row[0]), (Integer) row[1]);
        }
        return counts;
    }

    private static void checkMessageIds(Participation p) {
        for (String id : p.messageIds()) {
            if (id.contains(SEPARATOR)) {
                throw new IllegalArgumentException("message id " + id + " contains '" + SEPARATOR + "'");
            }
        }
    }

    /**
     * One statement that inserts the row unless the key is taken, and says which happened: {@code ON CONFLICT DO
     * NOTHING} on PostgreSQL, {@code INSERT IGNORE} on MariaDB, {@code INSERT … SELECT … WHERE NOT EXISTS} on H2
     * (which has no "skip the duplicate" insert outside its compatibility modes). On PostgreSQL and MariaDB a
     * racing insert of the same key waits for the other transaction and then finds the row taken; on H2 it may
     * fail with a unique violation, which the store runs again (see the class comment).
     */
    @Override
    public boolean insert(Participation p) {
        checkMessageIds(p);
        return update("insert campaign participation", insertSql(), ps -> bindInsert(ps, p)) > 0;
    }

    private String insertSql() {
        return switch (dialect) {
            case POSTGRESQL -> "INSERT INTO #campaign_participations (" + COLUMNS + ") VALUES (" + MARKS + ") "
                    + "ON CONFLICT (program, campaign_id, member_id, occurrence) DO NOTHING";
            case MARIADB -> "INSERT IGNORE INTO #campaign_participations (" + COLUMNS + ") VALUES (" + MARKS + ")";
            case H2 -> "INSERT INTO #campaign_participations (" + COLUMNS + ") SELECT " + MARKS + " FROM DUAL "
                    + "WHERE NOT EXISTS (SELECT 1 FROM #campaign_participations WHERE program = ? AND campaign_id = ? "
                    + "AND member_id = ? AND occurrence = ?)";
        };
    }

    /** The row's ten values from index 1 (and on H2 the key again for the NOT EXISTS). */
    private void bindInsert(java.sql.PreparedStatement ps, Participation p) throws SQLException {
        ps.setString(1, program);
        ps.setString(2, p.campaignId());
        ps.setString(3, p.member().value());
        ps.setString(4, p.occurrence());
        ps.setString(5, p.group().name());
        Sql.setInstant(ps, 6, p.at());
        ps.setLong(7, p.pointsGranted());
        Sql.setInstant(ps, 8, p.grantExpiresAt());
        ps.setString(9, p.promoCode());
        ps.setString(10, String.join(SEPARATOR, p.messageIds()));
        if (dialect == Dialect.H2) {
            ps.setString(11, program);
            ps.setString(12, p.campaignId());
            ps.setString(13, p.member().value());
            ps.setString(14, p.occurrence());
        }
    }

    @Override
    public List<Participation> ofCampaign(String campaignId) {
        return query("read campaign participations", "SELECT * FROM #campaign_participations WHERE program = ? "
                + "AND campaign_id = ? ORDER BY occurred_at, member_id, occurrence", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, campaignId);
                }, JdbcCampaignStore::participation);
    }

    @Override
    public List<Participation> treatedBetween(String campaignId, Instant from, Instant until) {
        return query("read treated participations", "SELECT * FROM #campaign_participations WHERE program = ? "
                + "AND campaign_id = ? AND occurred_at >= ? AND occurred_at < ? AND grp = 'TREATED' "
                + "ORDER BY occurred_at, member_id, occurrence", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, campaignId);
                    Sql.setInstant(ps, 3, from);
                    Sql.setInstant(ps, 4, until);
                }, JdbcCampaignStore::participation);
    }

    @Override
    public int treatedSince(MemberId member, Collection<String> campaignIds, Instant since) {
        if (campaignIds.isEmpty()) {
            return 0;
        }
        List<String> ids = List.copyOf(campaignIds);
        String marks = Sql.marks(ids.size());
        return query("count treated participations", "SELECT COUNT(*) FROM #campaign_participations WHERE program = ? "
                + "AND member_id = ? AND occurred_at >= ? AND grp = 'TREATED' AND campaign_id IN (" + marks + ")",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                    Sql.setInstant(ps, 3, since);
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(4 + i, ids.get(i));
                    }
                }, rs -> rs.getInt(1)).get(0);
    }

    @Override
    public boolean claimRun(String sweep, LocalDate day, String owner, Instant now, Duration lease) {
        // Take over a free, expired, finished or own run in one conditional UPDATE (atomic under row locks)...
        int taken = update("claim sweep run", "UPDATE #campaign_runs SET owner = ?, lease_until = ?, finished_at = NULL "
                + "WHERE program = ? AND sweep = ? AND run_day = ? "
                + "AND (finished_at IS NOT NULL OR owner = ? OR lease_until <= ?)", ps -> {
                    ps.setString(1, owner);
                    Sql.setInstant(ps, 2, now.plus(lease));
                    ps.setString(3, program);
                    ps.setString(4, sweep);
                    ps.setString(5, day.toString());
                    ps.setString(6, owner);
                    Sql.setInstant(ps, 7, now);
                });
        if (taken == 1) {
            return true;
        }
        boolean exists = queryOne("read sweep run", "SELECT 1 FROM #campaign_runs WHERE program = ? AND sweep = ? "
                + "AND run_day = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, sweep);
                    ps.setString(3, day.toString());
                }, rs -> true).isPresent();
        if (exists) {
            return false; // held by another instance whose lease is still running
        }
        // ...or create it; of two instances racing here one gets a unique violation, is run again and sees the row.
        update("create sweep run", "INSERT INTO #campaign_runs (program, sweep, run_day, owner, lease_until, finished_at) "
                + "VALUES (?,?,?,?,?,NULL)", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, sweep);
                    ps.setString(3, day.toString());
                    ps.setString(4, owner);
                    Sql.setInstant(ps, 5, now.plus(lease));
                });
        return true;
    }

    @Override
    public void finishRun(String sweep, LocalDate day, String owner, Instant now) {
        int rows = update("finish sweep run", "UPDATE #campaign_runs SET finished_at = ? WHERE program = ? AND sweep = ? "
                + "AND run_day = ? AND owner = ?", ps -> {
                    Sql.setInstant(ps, 1, now);
                    ps.setString(2, program);
                    ps.setString(3, sweep);
                    ps.setString(4, day.toString());
                    ps.setString(5, owner);
                });
        if (rows != 1) {
            throw new IllegalStateException("run " + sweep + " of " + day + " is not held by " + owner);
        }
    }

    @Override
    public boolean runFinished(String sweep, LocalDate day) {
        return queryOne("read sweep run", "SELECT finished_at FROM #campaign_runs WHERE program = ? AND sweep = ? "
                + "AND run_day = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, sweep);
                    ps.setString(3, day.toString());
                }, rs -> Sql.getInstant(rs, "finished_at") != null).orElse(false);
    }

    private static Participation participation(ResultSet rs) throws SQLException {
        String ids = rs.getString("message_ids");
        return new Participation(rs.getString("campaign_id"), MemberId.of(rs.getString("member_id")),
                rs.getString("occurrence"), Participation.Group.valueOf(rs.getString("grp")),
                Sql.getInstant(rs, "occurred_at"), rs.getLong("points"), Sql.getInstant(rs, "grant_expires_at"),
                rs.getString("promo_code"), ids.isEmpty() ? List.of() : Arrays.asList(ids.split(SEPARATOR)));
    }
}
