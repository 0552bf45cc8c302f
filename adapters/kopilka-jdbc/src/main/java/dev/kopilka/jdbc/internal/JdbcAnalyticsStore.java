package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.analytics.port.AnalyticsStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link AnalyticsStore} as set-based SQL: every method is one aggregate query (two for purchases), the database
 * does the grouping and summing, and only totals cross the wire. Instants are epoch nanoseconds (see {@link Sql}).
 */
public final class JdbcAnalyticsStore extends JdbcTable implements AnalyticsStore {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Dialect dialect;

    public JdbcAnalyticsStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, writes);
        this.dialect = dialect;
    }

    /** An instant as the stored epoch nanoseconds (see {@link Sql#setInstant}). */
    private static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS_PER_SECOND), at.getNano());
    }

    @Override
    public List<String> campaigns(Instant from, Instant until) {
        return query("analytics: campaigns", "SELECT DISTINCT campaign_id FROM #campaign_participations "
                + "WHERE program = ? AND occurred_at >= ? AND occurred_at < ? ORDER BY campaign_id", ps -> {
                    ps.setString(1, program);
                    Sql.setInstant(ps, 2, from);
                    Sql.setInstant(ps, 3, until);
                }, rs -> rs.getString(1));
    }

    @Override
    public Optional<Duration> rewardValidity(String campaignId) {
        return read("analytics: reward validity", "SELECT MAX(grant_expires_at - occurred_at) "
                + "FROM #campaign_participations WHERE program = ? AND campaign_id = ? AND grp = 'TREATED' "
                + "AND grant_expires_at IS NOT NULL", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, campaignId);
                }, rs -> {
                    rs.next();
                    long nanos = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Duration>empty() : Optional.of(Duration.ofNanos(nanos));
                });
    }

    @Override
    public Groups groups(String campaignId, Instant from, Instant until, Duration window) {
        // One row per participation with its net spend in the window, then each group's sums; the squares give
        // the variance for the confidence interval (as floating point: kopecks² overflow 64 bits on big groups).
        // The window and the period go in as literals (numbers, nothing to inject): with parameters, PostgreSQL
        // switches a statement run often to a generic plan that cannot see how narrow the window is, and that
        // plan was 100 times slower.
        String text = "SELECT x.grp, COUNT(*), COALESCE(SUM(x.rev), 0), COALESCE(SUM(x.rev * 1.0E0 * x.rev), 0), "
                + "COALESCE(SUM(x.buys), 0), COALESCE(SUM(CASE WHEN x.buys > 0 THEN 1 ELSE 0 END), 0) FROM ("
                + "SELECT p.grp, p.member_id, p.occurrence, COALESCE(SUM(s.kopecks), 0) AS rev, "
                + "COALESCE(SUM(CASE WHEN s.kopecks >= 0 THEN 1 ELSE 0 END), 0) AS buys "
                + "FROM #campaign_participations p LEFT JOIN #spend s ON s.program = p.program "
                + "AND s.member_id = p.member_id AND s.occurred_at >= p.occurred_at "
                + "AND s.occurred_at < p.occurred_at + " + window.toNanos() + " "
                + "WHERE p.program = ? AND p.campaign_id = ? AND p.grp IN ('TREATED', 'CONTROL') "
                + "AND p.occurred_at >= " + nanos(from) + " AND p.occurred_at < " + nanos(until) + " "
                + "GROUP BY p.grp, p.member_id, p.occurrence) x GROUP BY x.grp";
        return read("analytics: campaign groups", text, ps -> {
            ps.setString(1, program);
            ps.setString(2, campaignId);
        }, rs -> {
            GroupTotals treated = GroupTotals.EMPTY;
            GroupTotals control = GroupTotals.EMPTY;
            while (rs.next()) {
                GroupTotals g = new GroupTotals(rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5),
                        rs.getLong(6));
                if ("TREATED".equals(rs.getString(1))) {
                    treated = g;
                } else {
                    control = g;
                }
            }
            return new Groups(treated, control);
        });
    }

    private static final String MESSAGE_TOTALS = "SELECT channel, COUNT(*), "
            + "SUM(CASE WHEN state = 'SENT' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN delivery_status = 'DELIVERED' OR (channel = 'TELEGRAM' AND state = 'SENT') THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN state IN ('DEAD', 'UNDELIVERABLE', 'EXPIRED') OR delivery_status = 'FAILED' "
            + "THEN 1 ELSE 0 END), COALESCE(SUM(cost_kopecks), 0) FROM #outbox "
            + "WHERE program = ? AND created_at >= ? AND created_at < ? ";

    @Override
    public List<MessageTotals> campaignMessages(String campaignId, Instant from, Instant until) {
        return messageTotals(MESSAGE_TOTALS + "AND campaign_id = ? GROUP BY channel", from, until, campaignId);
    }

    @Override
    public List<MessageTotals> messages(Instant from, Instant until) {
        return messageTotals(MESSAGE_TOTALS + "GROUP BY channel", from, until, null);
    }

    private List<MessageTotals> messageTotals(String text, Instant from, Instant until, String campaignId) {
        List<MessageTotals> rows = new ArrayList<>(query("analytics: messages", text, ps -> {
            ps.setString(1, program);
            Sql.setInstant(ps, 2, from);
            Sql.setInstant(ps, 3, until);
            if (campaignId != null) {
                ps.setString(4, campaignId);
            }
        }, rs -> new MessageTotals(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6))));
        // Databases disagree on where NULL sorts: the order is the in-memory store's.
        rows.sort(Comparator.comparing(MessageTotals::channel, Comparator.nullsFirst(Comparator.naturalOrder())));
        return rows;
    }

    /** A LIKE pattern matching references that start with {@code prefix}, escaped with '!'. */
    private static String startsWith(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    @Override
    public CampaignPoints campaignPoints(String campaignId, Instant from, Instant until) {
        String lots = "FROM #lots WHERE program = ? AND source = 'CAMPAIGN' AND reference LIKE ? ESCAPE '!' "
                + "AND created_at >= ? AND created_at < ?";
        String text = "SELECT (SELECT COALESCE(SUM(points), 0) " + lots + "), (SELECT COALESCE(SUM(remaining), 0) "
                + lots + "), (SELECT COALESCE(-SUM(e.points), 0) FROM #entries e WHERE e.program = ? "
                + "AND e.type = 'EXPIRE' AND e.reference IN (SELECT reference " + lots + "))";
        String pattern = startsWith("campaign:" + campaignId + ":");
        return read("analytics: campaign points", text, ps -> {
            int i = 1;
            for (int k = 0; k < 2; k++) {
                ps.setString(i++, program);
                ps.setString(i++, pattern);
                Sql.setInstant(ps, i++, from);
                Sql.setInstant(ps, i++, until);
            }
            ps.setString(i++, program);
            ps.setString(i++, program);
            ps.setString(i++, pattern);
            Sql.setInstant(ps, i++, from);
            Sql.setInstant(ps, i, until);
        }, rs -> {
            rs.next();
            return new CampaignPoints(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        });
    }

    @Override
    public List<String> campaignPromoReceipts(String campaignId, Instant from, Instant until) {
        return query("analytics: campaign promo receipts", "SELECT u.txid FROM #promo_uses u JOIN #promo_codes c "
                + "ON c.program = u.program AND c.code = u.code WHERE u.program = ? AND c.origin = ? "
                + "AND c.issued_at >= ? AND c.issued_at < ? AND u.txid IS NOT NULL ORDER BY u.txid", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, "campaign:" + campaignId);
                    Sql.setInstant(ps, 3, from);
                    Sql.setInstant(ps, 4, until);
                }, rs -> rs.getString(1));
    }

    @Override
    public List<JoinDay> joinDays(long offsetSeconds, Instant until) {
        String div = dialect == Dialect.MARIADB ? " DIV " : " / ";
        String text = "SELECT x.d, COUNT(*), SUM(x.rev) FROM (SELECT (m.joined_at + ?)" + div
                + NANOS_PER_DAY + " AS d, COALESCE(s.total, 0) AS rev FROM #members m LEFT JOIN (SELECT member_id, SUM(kopecks) AS total "
                + "FROM #spend WHERE program = ? GROUP BY member_id) s ON s.member_id = m.id "
                + "WHERE m.program = ? AND m.joined_at < ?) x GROUP BY x.d ORDER BY x.d";
        return query("analytics: join days", text, ps -> {
            ps.setLong(1, offsetSeconds * NANOS_PER_SECOND);
            ps.setString(2, program);
            ps.setString(3, program);
            Sql.setInstant(ps, 4, until);
        }, rs -> new JoinDay(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    @Override
    public PurchaseTotals purchases(Instant from, Instant until) {
        String text = "SELECT COALESCE(SUM(x.n), 0), COUNT(*), COALESCE(SUM(CASE WHEN x.n > 1 THEN 1 ELSE 0 END), 0), "
                + "(SELECT COUNT(*) FROM #anonymous_receipts WHERE program = ? AND occurred_at >= ? "
                + "AND occurred_at < ?) FROM (SELECT member_id, COUNT(*) AS n FROM #spend WHERE program = ? "
                + "AND kopecks >= 0 AND occurred_at >= ? AND occurred_at < ? GROUP BY member_id) x";
        return read("analytics: purchases", text, ps -> bindTwice(ps, from, until), rs -> {
            rs.next();
            return new PurchaseTotals(rs.getLong(1), rs.getLong(4), rs.getLong(2), rs.getLong(3));
        });
    }

    private void bindTwice(PreparedStatement ps, Instant from, Instant until) throws SQLException {
        ps.setString(1, program);
        Sql.setInstant(ps, 2, from);
        Sql.setInstant(ps, 3, until);
        ps.setString(4, program);
        Sql.setInstant(ps, 5, from);
        Sql.setInstant(ps, 6, until);
    }

    @Override
    public PointsTotals points(Instant now, Instant from, Instant until) {
        String text = "SELECT COALESCE(SUM(CASE WHEN activates_at <= ? AND (expires_at IS NULL OR expires_at > ?) "
                + "THEN remaining ELSE 0 END), 0), COALESCE(SUM(CASE WHEN activates_at > ? THEN remaining ELSE 0 END), 0), "
                + "(SELECT COALESCE(SUM(points), 0) FROM #reservations WHERE program = ?), "
                + "(SELECT COALESCE(-SUM(points), 0) FROM #entries WHERE program = ? AND type = 'EXPIRE' "
                + "AND occurred_at >= ? AND occurred_at < ?) FROM #lots WHERE program = ? AND remaining > 0";
        return read("analytics: points", text, ps -> {
            Sql.setInstant(ps, 1, now);
            Sql.setInstant(ps, 2, now);
            Sql.setInstant(ps, 3, now);
            ps.setString(4, program);
            ps.setString(5, program);
            Sql.setInstant(ps, 6, from);
            Sql.setInstant(ps, 7, until);
            ps.setString(8, program);
        }, rs -> {
            rs.next();
            return new PointsTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        });
    }

    // ---------------------------------------------------------------- Telegram links

    @Override
    public void telegramLinked(dev.kopilka.member.MemberId member, Instant at) {
        telegramUnlinked(member, at);
        blindUpdate("record Telegram link", "INSERT INTO #telegram_links (program, member_id, linked_at, unlinked_at, "
                + "exact_time) VALUES (?, ?, ?, NULL, TRUE)", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, member.value());
                    Sql.setInstant(ps, 3, at);
                });
    }

    @Override
    public void telegramUnlinked(dev.kopilka.member.MemberId member, Instant at) {
        blindUpdate("record Telegram unlink", "UPDATE #telegram_links SET unlinked_at = ? WHERE program = ? "
                + "AND member_id = ? AND unlinked_at IS NULL", ps -> {
                    Sql.setInstant(ps, 1, at);
                    ps.setString(2, program);
                    ps.setString(3, member.value());
                });
    }

    @Override
    public List<LinkDay> telegramLinkDays(long offsetSeconds, Instant until) {
        String div = dialect == Dialect.MARIADB ? " DIV " : " / ";
        String text = "SELECT x.d, SUM(x.links), SUM(x.unlinks) FROM ("
                + "SELECT (linked_at + ?)" + div + NANOS_PER_DAY + " AS d, 1 AS links, 0 AS unlinks "
                + "FROM #telegram_links WHERE program = ? AND linked_at < ? UNION ALL "
                + "SELECT (unlinked_at + ?)" + div + NANOS_PER_DAY + " AS d, 0 AS links, 1 AS unlinks "
                + "FROM #telegram_links WHERE program = ? AND unlinked_at < ?) x GROUP BY x.d ORDER BY x.d";
        long offset = offsetSeconds * NANOS_PER_SECOND;
        return query("analytics: Telegram link days", text, ps -> {
            ps.setLong(1, offset);
            ps.setString(2, program);
            Sql.setInstant(ps, 3, until);
            ps.setLong(4, offset);
            ps.setString(5, program);
            Sql.setInstant(ps, 6, until);
        }, rs -> new LinkDay(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    @Override
    public Registrations registrations(Instant from, Instant until, Duration within) {
        String text = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM #telegram_links l "
                + "WHERE l.program = m.program AND l.member_id = m.id AND l.exact_time = TRUE "
                + "AND l.linked_at <= m.joined_at + ?) THEN 1 ELSE 0 END), 0) FROM #members m "
                + "WHERE m.program = ? AND m.joined_at >= ? AND m.joined_at < ?";
        return read("analytics: registrations", text, ps -> {
            ps.setLong(1, within.toNanos());
            ps.setString(2, program);
            Sql.setInstant(ps, 3, from);
            Sql.setInstant(ps, 4, until);
        }, rs -> {
            rs.next();
            return new Registrations(rs.getLong(1), rs.getLong(2));
        });
    }
}
