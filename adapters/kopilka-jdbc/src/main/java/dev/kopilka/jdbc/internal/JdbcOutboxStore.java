package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.messaging.port.SendSlots;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link OutboxStore} on SQL tables. Claims lock and fetch in one go where the database can skip locked rows
 * (PostgreSQL: one {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING}; MariaDB:
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} then one {@code UPDATE}), and optimistically on H2 (each candidate
 * taken by an {@code UPDATE} that still requires it to be due, so a row another claimer took is simply not
 * updated). Enqueue writes multi-row inserts that skip existing keys, in chunks.
 */
public final class JdbcOutboxStore extends JdbcTable implements OutboxStore {

    /**
     * Rows per multi-row insert: large enough to amortise the round trip and the statement's parse, small enough for
     * every driver (12 parameters a row, far below PostgreSQL's 32,767 and MariaDB's 65,535).
     */
    static final int INSERT_CHUNK = 1_000;
    static final int MAX_ERROR = 1000;
    /**
     * From this many new rows on, PostgreSQL enqueues through {@code COPY} ({@link PgOutboxCopy}): three round trips
     * whatever the size, against one per {@link #INSERT_CHUNK} rows, and far less server work per row.
     */
    static final int COPY_FROM = 1_000;

    private static final String COLUMNS = "program, id, member_id, dedupe_key, purpose, campaign_id, body, created_at, "
            + "not_before, expires_at, state, due_at, attempts, channel, provider_id, cost_kopecks, parts, "
            + "delivery_status, last_error, lease_token, lease_until, send_started_at, updated_at";
    /** A new row's values with its constant columns as literals: 12 parameters to bind and send instead of 23. */
    private static final String NEW_VALUES = "?,?,?,?,?,?,?,?,?,?,'PENDING',?,0,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,NULL,?";
    private static final String NEW_ROW = "(" + NEW_VALUES + ")";
    static final String WAITING = "state IN ('PENDING', 'FAILED')";


    public JdbcOutboxStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    // ------------------------------------------------------------------------------------------ enqueue

    @Override
    public int enqueue(Collection<OutboxMessage> messages) {
        // Duplicates inside the batch are dropped here; those already stored are skipped by the database.
        Map<String, OutboxMessage> byKey = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (OutboxMessage m : messages) {
            if (!byKey.containsKey(m.dedupeKey()) && ids.add(m.id())) {
                byKey.put(m.dedupeKey(), m);
            }
        }
        List<OutboxMessage> rows = new ArrayList<>(byKey.values());
        if (rows.isEmpty()) {
            return 0;
        }
        if (dialect == Dialect.H2) {
            return enqueueOneByOne(rows);
        }
        if (dialect == Dialect.POSTGRESQL && rows.size() >= COPY_FROM && PgOutboxCopy.usable(connection)) {
            requireWritable("enqueue messages");
            flushWrites();
            try {
                return PgOutboxCopy.enqueue(connection, sql("#outbox"), COLUMNS, program, rows);
            } catch (SQLException e) {
                throw Sql.failure("enqueue messages", e);
            }
        }
        int added = 0;
        for (int from = 0; from < rows.size(); from += INSERT_CHUNK) {
            List<OutboxMessage> chunk = rows.subList(from, Math.min(rows.size(), from + INSERT_CHUNK));
            StringBuilder sql = new StringBuilder(dialect == Dialect.MARIADB ? "INSERT IGNORE INTO " : "INSERT INTO ")
                    .append("#outbox (").append(COLUMNS).append(") VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ",").append(NEW_ROW);
            }
            if (dialect == Dialect.POSTGRESQL) {
                sql.append(" ON CONFLICT DO NOTHING");
            }
            added += update("enqueue messages", sql.toString(), ps -> {
                int index = 1;
                for (OutboxMessage m : chunk) {
                    index = bindNew(ps, index, m);
                }
            });
        }
        return added;
    }

    /** H2 has no "skip the duplicate" insert outside its compatibility modes: insert where absent, batched. */
    private int enqueueOneByOne(List<OutboxMessage> rows) {
        String sql = "INSERT INTO #outbox (" + COLUMNS + ") SELECT " + NEW_VALUES + " FROM DUAL "
                + "WHERE NOT EXISTS (SELECT 1 FROM #outbox WHERE program = ? AND (dedupe_key = ? OR id = ?))";
        int added = 0;
        flushWrites();
        try (PreparedStatement ps = connection.prepareStatement(sql(sql))) {
            for (OutboxMessage m : rows) {
                int index = bindNew(ps, 1, m);
                ps.setString(index++, program);
                ps.setString(index++, m.dedupeKey());
                ps.setString(index, m.id());
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                added += Math.max(count, 0);
            }
        } catch (SQLException e) {
            throw Sql.failure("enqueue messages", e);
        }
        return added;
    }

    /** The variable columns of {@link #NEW_VALUES}, in its order. */
    private int bindNew(PreparedStatement ps, int i, OutboxMessage m) throws SQLException {
        ps.setString(i++, program);
        ps.setString(i++, m.id());
        ps.setString(i++, m.member().value());
        ps.setString(i++, m.dedupeKey());
        ps.setString(i++, m.purpose().name());
        ps.setString(i++, m.campaignId());
        ps.setString(i++, m.text());
        Sql.setInstant(ps, i++, m.createdAt());
        Sql.setInstant(ps, i++, m.notBefore());
        Sql.setInstant(ps, i++, m.expiresAt());
        Sql.setInstant(ps, i++, m.notBefore());
        Sql.setInstant(ps, i++, m.createdAt());
        return i;
    }

    // ------------------------------------------------------------------------------------------ claim

    @Override
    public List<OutboxRecord> claim(String leaseToken, Instant now, Duration lease, int limit) {
        List<OutboxRecord> claimed = switch (dialect) {
            // The CTE runs once (a locking CTE is never inlined), so LIMIT holds however the join is planned.
            case POSTGRESQL -> query("claim messages", "WITH picked AS (SELECT id FROM #outbox WHERE program = ? AND "
                    + WAITING + " AND due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
                    + "UPDATE #outbox o SET state = 'SENDING', attempts = o.attempts + 1, lease_token = ?, "
                    + "lease_until = ?, send_started_at = NULL, updated_at = ? FROM picked "
                    + "WHERE o.program = ? AND o.id = picked.id RETURNING o.*", ps -> {
                        ps.setString(1, program);
                        Sql.setInstant(ps, 2, now);
                        ps.setInt(3, limit);
                        ps.setString(4, leaseToken);
                        Sql.setInstant(ps, 5, now.plus(lease));
                        Sql.setInstant(ps, 6, now);
                        ps.setString(7, program);
                    }, JdbcOutboxStore::record);
            case MARIADB -> claimLocked(leaseToken, now, lease, limit);
            case H2 -> claimOptimistically(leaseToken, now, lease, limit);
        };
        List<OutboxRecord> sorted = new ArrayList<>(claimed);
        sorted.sort(Comparator.comparing(OutboxRecord::dueAt).thenComparing(OutboxRecord::id));
        return sorted;
    }

    private List<OutboxRecord> claimLocked(String leaseToken, Instant now, Duration lease, int limit) {
        List<String> ids = query("pick messages to claim", "SELECT id FROM #outbox WHERE program = ? AND " + WAITING
                + " AND due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED", ps -> {
                    ps.setString(1, program);
                    Sql.setInstant(ps, 2, now);
                    ps.setInt(3, limit);
                }, rs -> rs.getString(1));
        if (ids.isEmpty()) {
            return List.of();
        }
        update("claim messages", "UPDATE #outbox SET state = 'SENDING', attempts = attempts + 1, lease_token = ?, "
                + "lease_until = ?, send_started_at = NULL, updated_at = ? WHERE program = ? AND id IN ("
                + placeholders(ids.size()) + ")", ps -> {
                    ps.setString(1, leaseToken);
                    Sql.setInstant(ps, 2, now.plus(lease));
                    Sql.setInstant(ps, 3, now);
                    ps.setString(4, program);
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(5 + i, ids.get(i));
                    }
                });
        return byIds(ids);
    }

    private List<OutboxRecord> claimOptimistically(String leaseToken, Instant now, Duration lease, int limit) {
        List<String> candidates = query("pick messages to claim", "SELECT id FROM #outbox WHERE program = ? AND "
                + WAITING + " AND due_at <= ? ORDER BY due_at, id LIMIT ?", ps -> {
                    ps.setString(1, program);
                    Sql.setInstant(ps, 2, now);
                    ps.setInt(3, limit);
                }, rs -> rs.getString(1));
        List<String> taken = new ArrayList<>();
        for (String id : candidates) {
            // Still waiting and due: if another claimer took it meanwhile, nothing is updated and we move on.
            int rows = update("claim message", "UPDATE #outbox SET state = 'SENDING', attempts = attempts + 1, "
                    + "lease_token = ?, lease_until = ?, send_started_at = NULL, updated_at = ? "
                    + "WHERE program = ? AND id = ? AND " + WAITING + " AND due_at <= ?", ps -> {
                        ps.setString(1, leaseToken);
                        Sql.setInstant(ps, 2, now.plus(lease));
                        Sql.setInstant(ps, 3, now);
                        ps.setString(4, program);
                        ps.setString(5, id);
                        Sql.setInstant(ps, 6, now);
                    });
            if (rows == 1) {
                taken.add(id);
            }
        }
        return taken.isEmpty() ? List.of() : byIds(taken);
    }

    private List<OutboxRecord> byIds(List<String> ids) {
        return query("read claimed messages", "SELECT * FROM #outbox WHERE program = ? AND id IN ("
                + placeholders(ids.size()) + ")", ps -> {
                    ps.setString(1, program);
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(2 + i, ids.get(i));
                    }
                }, JdbcOutboxStore::record);
    }

    private static String placeholders(int n) {
        return "?,".repeat(n - 1) + "?";
    }

    @Override
    public int markSendStarted(Collection<String> ids, String leaseToken, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> list = List.copyOf(ids);
        return update("mark sends started", "UPDATE #outbox SET send_started_at = ?, updated_at = ? WHERE program = ? "
                + "AND lease_token = ? AND state = 'SENDING' AND id IN (" + placeholders(list.size()) + ")", ps -> {
                    Sql.setInstant(ps, 1, at);
                    Sql.setInstant(ps, 2, at);
                    ps.setString(3, program);
                    ps.setString(4, leaseToken);
                    for (int i = 0; i < list.size(); i++) {
                        ps.setString(5 + i, list.get(i));
                    }
                });
    }

    @Override
    public List<OutboxRecord> expiredLeases(Instant now, int limit) {
        return query("find expired leases", "SELECT * FROM #outbox WHERE program = ? AND state = 'SENDING' "
                + "AND lease_until < ? ORDER BY lease_until, id LIMIT ?", ps -> {
                    ps.setString(1, program);
                    Sql.setInstant(ps, 2, now);
                    ps.setInt(3, limit);
                }, JdbcOutboxStore::record);
    }

    // ------------------------------------------------------------------------------------------ marks

    @Override
    public boolean markSent(String id, String leaseToken, Channel channel, String providerMessageId, Long costKopecks,
            int parts, Instant at) {
        return update("mark message sent", "UPDATE #outbox SET state = 'SENT', channel = ?, provider_id = ?, "
                + "cost_kopecks = ?, parts = ?, lease_until = NULL, updated_at = ? WHERE program = ? AND id = ? "
                + "AND lease_token = ? AND state IN ('SENDING', 'UNKNOWN')", ps -> {
                    ps.setString(1, channel.name());
                    ps.setString(2, providerMessageId);
                    Sql.setLong(ps, 3, costKopecks);
                    ps.setInt(4, parts);
                    Sql.setInstant(ps, 5, at);
                    ps.setString(6, program);
                    ps.setString(7, id);
                    ps.setString(8, leaseToken);
                }) == 1;
    }

    @Override
    public List<String> markSentAll(String leaseToken, List<Acceptance> acceptances) {
        List<String> notHeld = new ArrayList<>();
        if (acceptances.isEmpty()) {
            return notHeld;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql("UPDATE #outbox SET state = 'SENT', channel = ?, "
                + "provider_id = ?, cost_kopecks = ?, parts = ?, lease_until = NULL, updated_at = ? WHERE program = ? "
                + "AND id = ? AND lease_token = ? AND state IN ('SENDING', 'UNKNOWN')"))) {
            for (Acceptance a : acceptances) {
                ps.setString(1, a.channel().name());
                ps.setString(2, a.providerMessageId());
                Sql.setLong(ps, 3, a.costKopecks());
                ps.setInt(4, a.parts());
                Sql.setInstant(ps, 5, a.at());
                ps.setString(6, program);
                ps.setString(7, a.id());
                ps.setString(8, leaseToken);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // SUCCESS_NO_INFO (-2) cannot happen for UPDATE batches on the supported drivers; treat it as done.
                if (counts[i] == 0) {
                    notHeld.add(acceptances.get(i).id());
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("mark messages sent", e);
        }
        return notHeld;
    }

    @Override
    public boolean markRetry(String id, String leaseToken, Channel channel, Instant retryAt, String error,
            boolean countAttempt, Instant at) {
        return update("mark message for retry", "UPDATE #outbox SET state = ?, due_at = ?, attempts = attempts - ?, "
                + "channel = COALESCE(?, channel), last_error = ?, lease_until = NULL, updated_at = ? "
                + "WHERE program = ? AND id = ? AND lease_token = ? AND state = 'SENDING'", ps -> {
                    ps.setString(1, countAttempt ? "FAILED" : "PENDING");
                    Sql.setInstant(ps, 2, retryAt);
                    ps.setInt(3, countAttempt ? 0 : 1);
                    ps.setString(4, channel == null ? null : channel.name());
                    ps.setString(5, clip(error));
                    Sql.setInstant(ps, 6, at);
                    ps.setString(7, program);
                    ps.setString(8, id);
                    ps.setString(9, leaseToken);
                }) == 1;
    }

    @Override
    public boolean markFinal(String id, String leaseToken, OutboxState state, Channel channel, String error,
            Instant at) {
        if (!state.isTerminal() || state == OutboxState.SENT) {
            throw new IllegalArgumentException("markFinal takes DEAD, UNKNOWN, UNDELIVERABLE or EXPIRED, not " + state);
        }
        // UNKNOWN keeps its lease columns: the claim that lost track may still record the provider's answer.
        String lease = state == OutboxState.UNKNOWN ? "" : "lease_until = NULL, ";
        return update("end message", "UPDATE #outbox SET state = ?, channel = COALESCE(?, channel), last_error = ?, "
                + lease + "updated_at = ? WHERE program = ? AND id = ? AND lease_token = ? AND state = 'SENDING'", ps -> {
                    ps.setString(1, state.name());
                    ps.setString(2, channel == null ? null : channel.name());
                    ps.setString(3, clip(error));
                    Sql.setInstant(ps, 4, at);
                    ps.setString(5, program);
                    ps.setString(6, id);
                    ps.setString(7, leaseToken);
                }) == 1;
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
    }

    @Override
    public boolean recordDelivery(DeliveryReport report, Instant at) {
        Optional<OutboxRecord> found = findByProviderId(report.channel(), report.providerMessageId());
        if (found.isEmpty()) {
            return false;
        }
        OutboxRecord r = found.get();
        Long cost = report.costKopecks().isPresent() ? Long.valueOf(report.costKopecks().getAsLong()) : r.costKopecks();
        DeliveryStatus status = DeliveryReports.merged(r.deliveryStatus(), report.status());
        if (status == r.deliveryStatus() && java.util.Objects.equals(cost, r.costKopecks())) {
            return true; // the same report again (callback, then the poll): nothing changes
        }
        update("record delivery report", "UPDATE #outbox SET delivery_status = ?, cost_kopecks = ?, updated_at = ? "
                + "WHERE program = ? AND id = ?", ps -> {
                    ps.setString(1, status.name());
                    Sql.setLong(ps, 2, cost);
                    Sql.setInstant(ps, 3, at);
                    ps.setString(4, program);
                    ps.setString(5, r.id());
                });
        return true;
    }

    // ------------------------------------------------------------------------------------------ queries

    @Override
    public Optional<OutboxRecord> find(String id) {
        return queryOne("read message", "SELECT * FROM #outbox WHERE program = ? AND id = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, id);
        }, JdbcOutboxStore::record);
    }

    @Override
    public Optional<OutboxRecord> findByProviderId(Channel channel, String providerMessageId) {
        return queryOne("read message by provider id", "SELECT * FROM #outbox WHERE program = ? AND channel = ? "
                + "AND provider_id = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, channel.name());
                    ps.setString(3, providerMessageId);
                }, JdbcOutboxStore::record);
    }

    @Override
    public Map<OutboxState, Long> countByState() {
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
        query("count messages by state", "SELECT state, COUNT(*) AS n FROM #outbox WHERE program = ? GROUP BY state",
                ps -> ps.setString(1, program), rs -> counts.put(OutboxState.valueOf(rs.getString("state")), rs.getLong("n")));
        return counts;
    }

    @Override
    public List<OutboxRecord> inState(OutboxState state, int limit) {
        return query("read messages in state", "SELECT * FROM #outbox WHERE program = ? AND state = ? "
                + "ORDER BY due_at, id LIMIT ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, state.name());
                    ps.setInt(3, limit);
                }, JdbcOutboxStore::record);
    }

    /** The states of the member index on PostgreSQL (V8's partial {@code outbox_member_done}), as in its predicate. */
    static final String DONE = "state IN ('SENT', 'DEAD', 'UNKNOWN', 'UNDELIVERABLE', 'EXPIRED')";

    @Override
    public List<OutboxRecord> ofMember(MemberId member) {
        if (dialect != Dialect.POSTGRESQL) {
            return query("read messages of member", "SELECT * FROM #outbox WHERE program = ? AND member_id = ? "
                    + "ORDER BY created_at, id", ps -> {
                        ps.setString(1, program);
                        ps.setString(2, member.value());
                    }, JdbcOutboxStore::record);
        }
        // One branch per partial index whose predicate it implies: the history through outbox_member_done, the
        // backlog through the claim's and the leases' indexes. Every state is in exactly one branch (checked below).
        String branch = "SELECT * FROM #outbox WHERE program = ? AND member_id = ? AND ";
        return query("read messages of member", "SELECT * FROM (" + branch + DONE + " UNION ALL " + branch + WAITING
                + " UNION ALL " + branch + "state = 'SENDING') m ORDER BY created_at, id", ps -> {
                    for (int i = 0; i < 3; i++) {
                        ps.setString(2 * i + 1, program);
                        ps.setString(2 * i + 2, member.value());
                    }
                }, JdbcOutboxStore::record);
    }

    @Override
    public List<OutboxRecord> awaitingReport(Channel channel, Instant updatedSince, String afterIdExclusive, int limit) {
        // Runs once per start; the provider index (program, channel, provider_id) narrows it to the channel's sends.
        return query("read messages awaiting a report", "SELECT * FROM #outbox WHERE program = ? AND channel = ? "
                + "AND provider_id IS NOT NULL AND state = 'SENT' AND (delivery_status IS NULL "
                + "OR delivery_status = 'PENDING') AND updated_at >= ? AND id > ? ORDER BY id LIMIT ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, channel.name());
                    Sql.setInstant(ps, 3, updatedSince);
                    ps.setString(4, afterIdExclusive == null ? "" : afterIdExclusive);
                    ps.setInt(5, limit);
                }, JdbcOutboxStore::record);
    }

    @Override
    public List<OutboxRecord> ofCampaign(String campaignId, String afterIdExclusive, int limit) {
        return query("read messages of campaign", "SELECT * FROM #outbox WHERE program = ? AND campaign_id = ? "
                + "AND id > ? ORDER BY id LIMIT ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, campaignId);
                    ps.setString(3, afterIdExclusive == null ? "" : afterIdExclusive);
                    ps.setInt(4, limit);
                }, JdbcOutboxStore::record);
    }

    private static OutboxRecord record(ResultSet rs) throws SQLException {
        OutboxMessage m = new OutboxMessage(rs.getString("id"), MemberId.of(rs.getString("member_id")),
                rs.getString("dedupe_key"), MessagePurpose.valueOf(rs.getString("purpose")), rs.getString("campaign_id"),
                rs.getString("body"), Sql.getInstant(rs, "created_at"), Sql.getInstant(rs, "not_before"),
                Sql.getInstant(rs, "expires_at"));
        String channel = rs.getString("channel");
        String delivery = rs.getString("delivery_status");
        return new OutboxRecord(m, OutboxState.valueOf(rs.getString("state")), Sql.getInstant(rs, "due_at"),
                rs.getInt("attempts"), channel == null ? null : Channel.valueOf(channel), rs.getString("provider_id"),
                Sql.getLong(rs, "cost_kopecks"), rs.getInt("parts"),
                delivery == null ? null : DeliveryStatus.valueOf(delivery), rs.getString("last_error"),
                rs.getString("lease_token"), Sql.getInstant(rs, "lease_until"), Sql.getInstant(rs, "send_started_at"),
                Sql.getInstant(rs, "updated_at"));
    }

    // ------------------------------------------------------------------------------------------ reachability

    @Override
    public void markUnreachable(MemberId member, Channel channel, String reason, Instant at) {
        if (unreachableChannels(member).contains(channel)) {
            return;
        }
        // A concurrent mark of the same pair fails on the primary key; the store runs the transaction again.
        update("mark member unreachable", "INSERT INTO #channel_unreachable (program, member_id, channel, reason, "
                + "marked_at) VALUES (?,?,?,?,?)", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                    ps.setString(3, channel.name());
                    ps.setString(4, reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500));
                    Sql.setInstant(ps, 5, at);
                });
    }

    @Override
    public boolean markReachable(MemberId member, Channel channel) {
        return update("mark member reachable", "DELETE FROM #channel_unreachable WHERE program = ? AND member_id = ? "
                + "AND channel = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                    ps.setString(3, channel.name());
                }) > 0;
    }

    @Override
    public Set<Channel> unreachableChannels(MemberId member) {
        List<Channel> channels = query("read unreachable channels", "SELECT channel FROM #channel_unreachable "
                + "WHERE program = ? AND member_id = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                }, rs -> Channel.valueOf(rs.getString(1)));
        return channels.isEmpty() ? Set.of() : EnumSet.copyOf(channels);
    }

    @Override
    public Map<MemberId, Set<Channel>> unreachableChannels(Collection<MemberId> members) {
        Map<MemberId, Set<Channel>> marks = new java.util.HashMap<>();
        List<MemberId> list = List.copyOf(members);
        for (int from = 0; from < list.size(); from += 500) {
            List<MemberId> part = list.subList(from, Math.min(list.size(), from + 500));
            query("read unreachable channels", "SELECT member_id, channel FROM #channel_unreachable WHERE program = ? "
                    + "AND member_id IN (" + placeholders(part.size()) + ")", ps -> {
                        ps.setString(1, program);
                        for (int i = 0; i < part.size(); i++) {
                            ps.setString(2 + i, part.get(i).value());
                        }
                    }, rs -> marks.computeIfAbsent(MemberId.of(rs.getString(1)), k -> EnumSet.noneOf(Channel.class))
                            .add(Channel.valueOf(rs.getString(2))));
        }
        return marks;
    }

    // ------------------------------------------------------------------------------------------ send slots

    @Override
    public SendSlots reserveSlots(Channel channel, int wanted, Duration interval, Instant now, Instant horizon) {
        Binder key = ps -> {
            ps.setString(1, program);
            ps.setString(2, channel.name());
        };
        Optional<Instant> locked = queryOne("lock send slots", "SELECT next_free FROM #send_slots WHERE program = ? "
                + "AND channel = ? FOR UPDATE", key, rs -> Sql.getInstant(rs, "next_free"));
        SendSlots slots = SendSlots.compute(locked.orElse(null), wanted, interval, now, horizon);
        if (slots.granted() == 0) {
            return slots;
        }
        if (locked.isEmpty()) {
            // The first reservation of this channel; a concurrent first one fails on the key and is run again.
            update("create send slots", "INSERT INTO #send_slots (program, channel, next_free) VALUES (?,?,?)", ps -> {
                key.bind(ps);
                Sql.setInstant(ps, 3, slots.nextFree());
            });
        } else {
            update("reserve send slots", "UPDATE #send_slots SET next_free = ? WHERE program = ? AND channel = ?",
                    ps -> {
                        Sql.setInstant(ps, 1, slots.nextFree());
                        ps.setString(2, program);
                        ps.setString(3, channel.name());
                    });
        }
        return slots;
    }
}
