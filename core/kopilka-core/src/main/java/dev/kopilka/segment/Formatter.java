package dev.kopilka.segment;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes a rule back in the syntax of {@link SegmentSyntax}, fully parenthesised where it matters. */
final class Formatter {

    private Formatter() {
    }

    static String format(SegmentRule rule) {
        if (rule instanceof SegmentRule.AllOf all) {
            return all.rules().stream().map(r -> r instanceof SegmentRule.AnyOf ? "(" + format(r) + ")" : format(r))
                    .collect(Collectors.joining(" and "));
        }
        if (rule instanceof SegmentRule.AnyOf any) {
            return any.rules().stream().map(Formatter::format).collect(Collectors.joining(" or "));
        }
        if (rule instanceof SegmentRule.Not not) {
            boolean compound = not.rule() instanceof SegmentRule.AllOf || not.rule() instanceof SegmentRule.AnyOf;
            return "not " + (compound ? "(" + format(not.rule()) + ")" : format(not.rule()));
        }
        if (rule instanceof SegmentRule.Named n) {
            return "segment(" + n.name() + ")";
        }
        if (rule instanceof SegmentRule.PurchasedAtStore s) {
            return "store" + window(s.within()) + " in (" + list(s.stores()) + ")";
        }
        if (rule instanceof SegmentRule.DaysSinceLastPurchase d) {
            return "days-since-purchase " + range(d.min(), d.max() == null ? null : d.max().longValue(), false);
        }
        if (rule instanceof SegmentRule.DaysSinceJoining d) {
            return "days-since-joining " + range(d.min(), d.max() == null ? null : d.max().longValue(), false);
        }
        if (rule instanceof SegmentRule.Age a) {
            return "age " + range(a.min(), a.max() == null ? null : a.max().longValue(), false);
        }
        if (rule instanceof SegmentRule.BirthdayInDays b) {
            return "days-to-birthday " + range(b.from(), (long) b.to(), false);
        }
        if (rule instanceof SegmentRule.PurchaseCount c) {
            return "purchases" + window(c.window()) + " " + range(c.min(), c.max(), false);
        }
        if (rule instanceof SegmentRule.PurchaseSum c) {
            return "spend" + window(c.window()) + " " + range(c.min(), c.max(), true);
        }
        if (rule instanceof SegmentRule.AverageReceipt a) {
            return "average-receipt " + range(a.min(), a.max(), true);
        }
        if (rule instanceof SegmentRule.InTier t) {
            return "tier in (" + list(t.tiers()) + ")";
        }
        if (rule instanceof SegmentRule.Reachable r) {
            return "reachable(" + r.channel().name().toLowerCase(Locale.ROOT) + ")";
        }
        if (rule instanceof SegmentRule.Rfm r) {
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (r.recencyMin() != 1 || r.recencyMax() != 5) {
                parts.add("rfm-recency " + range(r.recencyMin(), (long) r.recencyMax(), false));
            }
            if (r.frequencyMin() != 1 || r.frequencyMax() != 5) {
                parts.add("rfm-frequency " + range(r.frequencyMin(), (long) r.frequencyMax(), false));
            }
            if (r.monetaryMin() != 1 || r.monetaryMax() != 5) {
                parts.add("rfm-monetary " + range(r.monetaryMin(), (long) r.monetaryMax(), false));
            }
            String text = parts.isEmpty() ? "rfm-recency >= 1" : String.join(" and ", parts);
            return parts.size() > 1 ? "(" + text + ")" : text;
        }
        if (rule instanceof SegmentRule.Blocked) {
            return "blocked";
        }
        throw new IllegalArgumentException("unknown rule " + rule);
    }

    private static String window(java.time.Period p) {
        return p == null ? "" : "(" + p + ")";
    }

    private static String range(long min, Long max, boolean money) {
        if (max == null) {
            return ">= " + number(min, money);
        }
        return min == max ? "= " + number(min, money) : "in " + number(min, money) + ".." + number(max, money);
    }

    private static String number(long value, boolean money) {
        return money ? BigDecimal.valueOf(value, 2).stripTrailingZeros().toPlainString() : Long.toString(value);
    }

    private static String list(Set<String> items) {
        return items.stream().sorted().map(i -> i.matches("[A-Za-z_][A-Za-z0-9_\\-]*|\\d+") ? i : "'" + i + "'")
                .collect(Collectors.joining(", "));
    }
}
