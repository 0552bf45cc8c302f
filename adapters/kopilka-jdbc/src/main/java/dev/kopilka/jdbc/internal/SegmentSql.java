package dev.kopilka.jdbc.internal;

import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.port.RuleCalendar;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One segment rule as one SQL query over {@code member_stats} ({@code s}): lifetime predicates on the row; the
 * 90- and 365-day windows the row's counters (with a small derived table for the rows they do not cover), any
 * other rolling window a grouped derived table over {@code member_stats_days} joined once; RFM scores compared
 * with the day's boundaries, or without them one NTILE(5) derived table over the program's buyers. Every
 * predicate is two-valued (never NULL), so {@code not} means what it means in memory. Values are always bound,
 * never spliced.
 */
final class SegmentSql {

    /** SQL text and its parameters in order. */
    private record Part(String sql, List<Object> params) {
    }

    private final RuleCalendar cal;
    private final String program;
    private final Map<String, Part> joins = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    /** RFM scores the rule looks at ("r", "f", "m"): each is one sort of the buyers, so only those are ranked. */
    private final java.util.Set<String> scores = new java.util.LinkedHashSet<>();
    private final List<Object> whereParams = new ArrayList<>();
    /** The day's RFM boundaries (score → bucket 2..5 → {key, member id}, null: nobody), or null: rank in the query. */
    private final Map<String, Object[][]> bounds;
    private String where;

    private SegmentSql(RuleCalendar cal, String program, Map<String, Object[][]> bounds) {
        this.cal = cal;
        this.program = program;
        this.bounds = bounds;
    }

    /**
     * @param bounds the RFM boundaries ranked for {@code cal.today()} (see {@code MemberStatsStore.refresh}), or null
     *               to rank the buyers in the query
     */
    static SegmentSql of(SegmentRule rule, RuleCalendar cal, String program, Map<String, Object[][]> bounds) {
        SegmentSql q = new SegmentSql(cal, program, bounds);
        q.rfmScores(rule);
        q.where = q.predicate(rule, q.whereParams);
        return q;
    }

    /** Whether the rule looks at an RFM score. */
    static boolean usesRfm(SegmentRule rule) {
        SegmentSql probe = new SegmentSql(null, null, null);
        probe.rfmScores(rule);
        return !probe.scores.isEmpty();
    }

    /** The member_stats column an RFM score ranks by ("r", "f" or "m"). */
    static String rfmKey(String score) {
        return switch (score) {
            case "r" -> "last_purchase_at";
            case "f" -> "purchase_count";
            default -> "purchase_sum";
        };
    }

    private String from() {
        StringBuilder sb = new StringBuilder(" FROM #member_stats s");
        joins.values().forEach(j -> sb.append(j.sql));
        sb.append(" WHERE s.program = ? AND (").append(where).append(')');
        return sb.toString();
    }

    String count() {
        return "SELECT COUNT(*)" + from();
    }

    String page(boolean after) {
        return "SELECT s.member_id" + from() + (after ? " AND s.member_id > ?" : "") + " ORDER BY s.member_id LIMIT ?";
    }

    /** The members among {@code n} ids that match. */
    String among(int n) {
        return "SELECT s.member_id" + from() + " AND s.member_id IN (" + Sql.marks(n) + ")";
    }

    String one() {
        return "SELECT s.member_id" + from() + " AND s.member_id = ?";
    }

    /** Binds the joins', the program's and the predicate's parameters; returns the next index. */
    int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Part j : joins.values()) {
            i = bindAll(ps, i, j.params);
        }
        ps.setString(i++, program);
        return bindAll(ps, i, whereParams);
    }

    private static int bindAll(PreparedStatement ps, int i, List<Object> params) throws SQLException {
        for (Object p : params) {
            if (p instanceof LocalDate d) {
                Sql.setDate(ps, i++, d);
            } else if (p instanceof Long l) {
                ps.setLong(i++, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i++, n);
            } else {
                ps.setString(i++, (String) p);
            }
        }
        return i;
    }

    private String predicate(SegmentRule rule, List<Object> p) {
        if (rule instanceof SegmentRule.AllOf all) {
            return all.rules().isEmpty() ? "1 = 1" : join(all.rules(), " AND ", p);
        }
        if (rule instanceof SegmentRule.AnyOf any) {
            return any.rules().isEmpty() ? "1 = 0" : join(any.rules(), " OR ", p);
        }
        if (rule instanceof SegmentRule.Not not) {
            return "NOT (" + predicate(not.rule(), p) + ")";
        }
        if (rule instanceof SegmentRule.Named named) {
            throw new IllegalArgumentException(
                    "segment reference '" + named.name() + "' must be resolved before it reaches the store");
        }
        if (rule instanceof SegmentRule.PurchasedAtStore at) {
            String w = window(at.within(), at.stores());
            if (at.within() != null) {
                return w + ".member_id IS NOT NULL";
            }
            return "((s.home_store IS NOT NULL AND s.home_store IN (" + marks(at.stores(), p) + ")) OR " + w
                    + ".member_id IS NOT NULL)";
        }
        if (rule instanceof SegmentRule.DaysSinceLastPurchase d) {
            // lapse_on = COALESCE(last_purchase_on, joined_on), a generated and indexed column (V9).
            return dayBetween("s.lapse_on", d.min(), d.max(), p);
        }
        if (rule instanceof SegmentRule.DaysSinceJoining d) {
            return dayBetween("s.joined_on", d.min(), d.max(), p);
        }
        if (rule instanceof SegmentRule.PurchaseCount c && kept(c.window())) {
            return between(counter(c.window(), false, p), c.min(), c.max(), p);
        }
        if (rule instanceof SegmentRule.PurchaseSum c && kept(c.window())) {
            return between(counter(c.window(), true, p), c.min(), c.max(), p);
        }
        if (rule instanceof SegmentRule.PurchaseCount c) {
            String column = c.window() == null ? "s.purchase_count" : "COALESCE(" + window(c.window(), null) + ".c, 0)";
            return between(column, c.min(), c.max(), p);
        }
        if (rule instanceof SegmentRule.PurchaseSum c) {
            String column = c.window() == null ? "s.purchase_sum" : "COALESCE(" + window(c.window(), null) + ".a, 0)";
            return between(column, c.min(), c.max(), p);
        }
        if (rule instanceof SegmentRule.AverageReceipt a) {
            // Exact: avg >= min  <=>  sum >= min * count.
            p.add(a.min());
            String sql = "(s.purchase_count > 0 AND s.purchase_sum >= ? * s.purchase_count";
            if (a.max() != null) {
                p.add(a.max());
                sql += " AND s.purchase_sum <= ? * s.purchase_count";
            }
            return sql + ")";
        }
        if (rule instanceof SegmentRule.Age a) {
            p.add(cal.bornOnOrBefore(a.min()));
            String sql = "(s.birthday IS NOT NULL AND s.birthday <= ?";
            if (a.max() != null) {
                p.add(cal.bornAfter(a.max()));
                sql += " AND s.birthday > ?";
            }
            return sql + ")";
        }
        if (rule instanceof SegmentRule.BirthdayInDays b) {
            List<int[]> ranges = cal.birthdayRanges(b.from(), b.to());
            if (ranges.isEmpty()) {
                return "1 = 0";
            }
            StringBuilder sb = new StringBuilder("(s.birth_md IS NOT NULL AND (");
            for (int i = 0; i < ranges.size(); i++) {
                sb.append(i == 0 ? "" : " OR ").append("s.birth_md BETWEEN ? AND ?");
                p.add(ranges.get(i)[0]);
                p.add(ranges.get(i)[1]);
            }
            return sb.append("))").toString();
        }
        if (rule instanceof SegmentRule.InTier t) {
            return "(s.tier IS NOT NULL AND s.tier IN (" + marks(t.tiers(), p) + "))";
        }
        if (rule instanceof SegmentRule.Reachable r) {
            return switch (r.channel()) {
                case TELEGRAM -> "s.telegram_reachable = TRUE";
                case SMS -> "s.sms_reachable = TRUE";
                case LOG -> "1 = 1";
            };
        }
        if (rule instanceof SegmentRule.Rfm r && bounds != null) {
            // Scored against the day's boundaries: a scan of the row, no ranking. CASE keeps it two-valued.
            List<String> conditions = new ArrayList<>();
            conditions.add("s.purchase_count > 0");
            bounded("r", r.recencyMin(), r.recencyMax(), conditions, p);
            bounded("f", r.frequencyMin(), r.frequencyMax(), conditions, p);
            bounded("m", r.monetaryMin(), r.monetaryMax(), conditions, p);
            return "(CASE WHEN " + String.join(" AND ", conditions) + " THEN 1 ELSE 0 END = 1)";
        }
        if (rule instanceof SegmentRule.Rfm r) {
            joins.computeIfAbsent("rfm", k -> {
                StringBuilder sb = new StringBuilder(" LEFT JOIN (SELECT member_id");
                for (String score : scores) {
                    String key = rfmKey(score);
                    sb.append(", NTILE(5) OVER (ORDER BY ").append(key).append(", member_id) AS ").append(score);
                }
                return new Part(sb.append(" FROM #member_stats WHERE program = ? AND purchase_count > 0) rfm ON ")
                        .append("rfm.member_id = s.member_id").toString(), List.of(program));
            });
            List<String> conditions = new ArrayList<>();
            score("r", r.recencyMin(), r.recencyMax(), conditions, p);
            score("f", r.frequencyMin(), r.frequencyMax(), conditions, p);
            score("m", r.monetaryMin(), r.monetaryMax(), conditions, p);
            if (conditions.isEmpty()) {
                // Every score allowed: the member just has to be ranked, i.e. a buyer.
                conditions.add("COALESCE(rfm." + scores.iterator().next() + ", 0) >= 1");
            }
            return "(" + String.join(" AND ", conditions) + ")";
        }
        if (rule instanceof SegmentRule.Blocked) {
            return "s.blocked = TRUE";
        }
        throw new IllegalArgumentException("unknown segment rule " + rule);
    }

    /** The score within [min, max] against the day's boundaries: from the first buyer of min, before that of max + 1. */
    private void bounded(String score, int min, int max, List<String> conditions, List<Object> p) {
        if (min > 1) {
            conditions.add(atLeast(score, min, p));
        }
        if (max < 5) {
            conditions.add("NOT " + atLeast(score, max + 1, p));
        }
    }

    /** (key, member id) on or after the first buyer of the bucket, in ranking order; false if nobody has it. */
    private String atLeast(String score, int bucket, List<Object> p) {
        Object[] first = bounds.get(score)[bucket];
        if (first == null) {
            return "1 = 0";
        }
        String key = "s." + rfmKey(score);
        p.add(first[0]);
        p.add(first[0]);
        p.add(first[1]);
        return "(" + key + " > ? OR (" + key + " = ? AND s.member_id >= ?))";
    }

    /** Whether the window is one of those kept as counters in the narrow row. */
    private static boolean kept(Period window) {
        if (window == null) {
            return false;
        }
        for (int days : JdbcMemberStatsStore.WINDOW_DAYS) {
            if (window.equals(Period.ofDays(days))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A kept window's receipts or spend: the row's counter, unless the row is one of the few whose counters do not
     * cover today's window (not refreshed since a counted day left it, not refreshed since joining or since schema
     * V13, or with a day row after today); those are summed from their day rows in a derived table, found through
     * the indexed validity columns, so no member's day rows are read otherwise.
     */
    private String counter(Period window, boolean sum, List<Object> p) {
        String key = "x:" + window;
        String alias = aliases.get(key);
        if (alias == null) {
            alias = "x" + aliases.size();
            aliases.put(key, alias);
            LocalDate today = cal.today();
            List<Object> params = new ArrayList<>(List.of(program, today, program, today, program, today, program,
                    cal.windowStart(window), today));
            joins.put(key, new Part(" LEFT JOIN (SELECT v.member_id, SUM(d.purchase_count) AS c, SUM(d.purchase_sum) "
                    + "AS a FROM (SELECT member_id FROM #member_stats WHERE program = ? AND valid_until < ? "
                    + "UNION SELECT member_id FROM #member_stats WHERE program = ? AND valid_from > ? "
                    + "UNION SELECT member_id FROM #member_stats_days WHERE program = ? AND purchase_day > ?) v "
                    + "LEFT JOIN #member_stats_days d ON d.program = ? AND d.member_id = v.member_id "
                    + "AND d.purchase_day >= ? AND d.purchase_day <= ? GROUP BY v.member_id) " + alias + " ON "
                    + alias + ".member_id = s.member_id", params));
        }
        return "(CASE WHEN " + alias + ".member_id IS NULL THEN s.w" + window.getDays() + (sum ? "_sum" : "_count")
                + " ELSE COALESCE(" + alias + (sum ? ".a" : ".c") + ", 0) END)";
    }

    private static void score(String score, int min, int max, List<String> conditions, List<Object> p) {
        if (min > 1 || max < 5) {
            conditions.add("COALESCE(rfm." + score + ", 0) BETWEEN ? AND ?");
            p.add(min);
            p.add(max);
        }
    }

    private void rfmScores(SegmentRule rule) {
        if (rule instanceof SegmentRule.Rfm r) {
            if (r.recencyMin() > 1 || r.recencyMax() < 5) {
                scores.add("r");
            }
            if (r.frequencyMin() > 1 || r.frequencyMax() < 5) {
                scores.add("f");
            }
            if (r.monetaryMin() > 1 || r.monetaryMax() < 5) {
                scores.add("m");
            }
            if (scores.isEmpty()) {
                scores.add("r");
            }
        } else if (rule instanceof SegmentRule.AllOf a) {
            a.rules().forEach(this::rfmScores);
        } else if (rule instanceof SegmentRule.AnyOf a) {
            a.rules().forEach(this::rfmScores);
        } else if (rule instanceof SegmentRule.Not n) {
            rfmScores(n.rule());
        }
    }

    private String join(List<SegmentRule> rules, String op, List<Object> p) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < rules.size(); i++) {
            sb.append(i == 0 ? "" : op).append(predicate(rules.get(i), p));
        }
        return sb.append(')').toString();
    }

    private static String between(String column, long min, Long max, List<Object> p) {
        p.add(min);
        if (max == null) {
            return column + " >= ?";
        }
        p.add(max);
        return column + " BETWEEN ? AND ?";
    }

    /** "At least min days ago and at most max days ago": day <= today - min and day >= today - max. */
    private String dayBetween(String column, int min, Integer max, List<Object> p) {
        p.add(cal.daysAgo(min));
        if (max == null) {
            return column + " <= ?";
        }
        p.add(cal.daysAgo(max));
        return "(" + column + " <= ? AND " + column + " >= ?)";
    }

    private static String marks(Set<String> values, List<Object> p) {
        List<String> sorted = values.stream().sorted().toList();
        p.addAll(sorted);
        return Sql.marks(sorted.size());
    }

    /**
     * The alias of a derived table with per member {@code c} (receipts) and {@code a} (spend) over the window
     * (null: every day up to today), for the given stores (null: all); joined once per distinct window.
     */
    private String window(Period within, Set<String> stores) {
        String key = "w:" + within + ":" + (stores == null ? "*" : String.join(",", stores.stream().sorted().toList()));
        String alias = aliases.get(key);
        if (alias == null) {
            alias = "w" + aliases.size();
            aliases.put(key, alias);
            List<Object> params = new ArrayList<>();
            params.add(program);
            StringBuilder sb = new StringBuilder(" LEFT JOIN (SELECT member_id, SUM(purchase_count) AS c, "
                    + "SUM(purchase_sum) AS a FROM #member_stats_days WHERE program = ? AND purchase_day <= ?");
            params.add(cal.today());
            if (within != null) {
                sb.append(" AND purchase_day >= ?");
                params.add(cal.windowStart(within));
            }
            if (stores != null) {
                sb.append(" AND store_id IN (").append(marks(stores, params)).append(')');
            }
            sb.append(" GROUP BY member_id");
            if (stores != null) {
                // A store "bought at" needs a receipt there, not only a refund booked to it.
                sb.append(" HAVING SUM(purchase_count) > 0");
            }
            sb.append(") ").append(alias).append(" ON ").append(alias).append(".member_id = s.member_id");
            joins.put(key, new Part(sb.toString(), params));
        }
        return alias;
    }
}
