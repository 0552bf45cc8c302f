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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link AnalyticsStore} as set-based SQL: every method is one aggregate query (two for purchases), the database
 * does the grouping and summing, and only totals cross the wire. Instants are epoch nanoseconds (see {@link Sql}).
 */
public final class JdbcAnalyticsStore extends JdbcTable implements AnalyticsStore {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;


    public JdbcAnalyticsStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
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
    public Map<String, Groups> groups(Map<String, Duration> windows, Instant from, Instant until) {
        Map<String, Groups> result = new TreeMap<>();
        if (windows.isEmpty()) {
            return result;
        }
        List<String> ids = new ArrayList<>(windows.keySet());
        // One row per participation with its net spend in its campaign's window, then each group's sums, for all
        // campaigns in one pass over the spend (one scan instead of one per campaign). The squares give the
        // variance for the interval (floating point: kopecks² overflow 64 bits on big groups). Windows and the
        // period go in as literals (numbers, nothing to inject): with parameters PostgreSQL switches a statement
        // run often to a generic plan that cannot see how narrow the window is, 100 times slower here.
        StringBuilder window = new StringBuilder("CASE p.campaign_id");
        for (String id : ids) {
            window.append(" WHEN ? THEN ").append(windows.get(id).toNanos());
        }
        window.append(" END");
        String in = Sql.marks(ids.size());
        String text = "SELECT x.campaign_id, x.grp, COUNT(*), COALESCE(SUM(x.rev), 0), "
                + "COALESCE(SUM(x.rev * 1.0E0 * x.rev), 0), COALESCE(SUM(x.buys), 0), "
                + "COALESCE(SUM(CASE WHEN x.buys > 0 THEN 1 ELSE 0 END), 0) FROM ("
                + "SELECT p.campaign_id, p.grp, p.member_id, p.occurrence, COALESCE(SUM(s.kopecks), 0) AS rev, "
                + "COALESCE(SUM(CASE WHEN s.kopecks >= 0 THEN 1 ELSE 0 END), 0) AS buys "
                + "FROM #campaign_participations p LEFT JOIN #spend s ON s.program = p.program "
                + "AND s.member_id = p.member_id AND s.occurred_at >= p.occurred_at "
                + "AND s.occurred_at < p.occurred_at + " + window + " "
                + "WHERE p.program = ? AND p.campaign_id IN (" + in + ") AND p.grp IN ('TREATED', 'CONTROL') "
                + "AND p.occurred_at >= " + Sql.nanos(from) + " AND p.occurred_at < " + Sql.nanos(until) + " "
                + "GROUP BY p.campaign_id, p.grp, p.member_id, p.occurrence) x GROUP BY x.campaign_id, x.grp";
        Map<String, GroupTotals[]> rows = new TreeMap<>();
        ids.forEach(id -> rows.put(id, new GroupTotals[] {GroupTotals.EMPTY, GroupTotals.EMPTY}));
        read("analytics: campaign groups", text, ps -> {
            int i = 1;
            for (String id : ids) {
                ps.setString(i++, id);
            }
            ps.setString(i++, program);
            for (String id : ids) {
                ps.setString(i++, id);
            }
        }, rs -> {
            while (rs.next()) {
                GroupTotals g = new GroupTotals(rs.getLong(3), rs.getLong(4), rs.getDouble(5), rs.getLong(6),
                        rs.getLong(7));
                rows.get(rs.getString(1))["TREATED".equals(rs.getString(2)) ? 0 : 1] = g;
            }
            return null;
        });
        rows.forEach((id, g) -> result.put(id, new Groups(g[0], g[1])));
        return result;
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

    /** Campaign ids go into SQL text as literals below: only the characters campaign ids are made of. */
    private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    @Override
    public Map<String, CampaignPoints> campaignPoints(java.util.Collection<String> campaignIds, Instant from,
            Instant until) {
        Map<String, CampaignPoints> result = new TreeMap<>();
        if (campaignIds.isEmpty()) {
            return result;
        }
        // A campaign's lots carry the reference "campaign:<id>:<occurrence>:<member>", and so do their expiries.
        // One pass over the lots and one over the expiries for every campaign; the campaign is told by a CASE of
        // literal LIKE patterns (a LIKE parameter lets PostgreSQL pick a generic plan that was 100 times slower).
        StringBuilder which = new StringBuilder("CASE");
        for (String id : campaignIds) {
            if (!SAFE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("campaignId: must be 1-128 of A-Z a-z 0-9 _ . -, was '" + id + "'");
            }
            which.append(" WHEN l.reference LIKE '").append(startsWith("campaign:" + id + ":"))
                    .append("' ESCAPE '!' THEN '").append(id).append('\'');
            result.put(id, new CampaignPoints(0, 0, 0));
        }
        which.append(" END");
        String text = "SELECT y.c, SUM(y.points), SUM(y.remaining), SUM(y.expired) FROM (SELECT " + which
                + " AS c, l.points, l.remaining, COALESCE(x.expired, 0) AS expired FROM #lots l LEFT JOIN ("
                + "SELECT e.reference, -SUM(e.points) AS expired FROM #entries e WHERE e.program = ? "
                + "AND e.type = 'EXPIRE' AND e.reference LIKE 'campaign:%' GROUP BY e.reference) x "
                + "ON x.reference = l.reference WHERE l.program = ? AND l.source = 'CAMPAIGN' "
                + "AND l.created_at >= " + Sql.nanos(from) + " AND l.created_at < " + Sql.nanos(until) + ") y "
                + "WHERE y.c IS NOT NULL GROUP BY y.c";
        read("analytics: campaign points", text, ps -> {
            ps.setString(1, program);
            ps.setString(2, program);
        }, rs -> {
            while (rs.next()) {
                result.put(rs.getString(1), new CampaignPoints(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
            return null;
        });
        return result;
    }

    /**
     * One query for all the campaigns: each use of a code a campaign issued in the period, joined to its sale. The
     * discount lives in the sale's recorded calculation (JSON, which the three dialects cannot read alike), so
     * the database sends those rows — one per promo receipt of these campaigns — and they are summed here.
     */
    @Override
    public Map<String, Long> campaignPromoDiscounts(java.util.Collection<String> campaignIds, Instant from,
            Instant until) {
        Map<String, Long> discounts = new TreeMap<>();
        List<String> origins = new ArrayList<>();
        for (String id : campaignIds) {
            discounts.put(id, 0L);
            origins.add("campaign:" + id);
        }
        if (origins.isEmpty()) {
            return discounts;
        }
        List<Map.Entry<String, String>> rows = query("analytics: campaign promo discounts", "SELECT c.origin, "
                + "s.data FROM #promo_uses u JOIN #promo_codes c ON c.program = u.program AND c.code = u.code "
                + "JOIN #sales s ON s.program = u.program AND s.txid = u.txid WHERE u.program = ? AND c.origin IN ("
                + Sql.marks(origins.size()) + ") AND c.issued_at >= ? AND c.issued_at < ?", ps -> {
                    int i = 1;
                    ps.setString(i++, program);
                    for (String origin : origins) {
                        ps.setString(i++, origin);
                    }
                    Sql.setInstant(ps, i++, from);
                    Sql.setInstant(ps, i, until);
                }, rs -> Map.entry(rs.getString(1), rs.getString(2)));
        for (Map.Entry<String, String> row : rows) {
            String id = row.getKey().substring("campaign:".length());
            discounts.merge(id, promoDiscount(row.getValue()), Long::sum);
        }
        return discounts;
    }

    /** The promo discount of a sale as {@link JdbcCheckoutStore} records it (0 without a calculation). */
    private long promoDiscount(String saleData) {
        dev.kopilka.checkout.Calculation calculation =
                JdbcCheckoutStore.calculation(json.read(saleData, JdbcCheckoutStore.SaleData.class));
        return calculation == null ? 0 : calculation.promoDiscount();
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
