package dev.kopilka.segment;

import dev.kopilka.messaging.Channel;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of {@link SegmentRule}s, as written in {@code kopilka.segments.<name>.rule}. See
 * {@code docs/segments.md} for the full syntax; in short:
 *
 * <pre>
 * days-since-purchase &gt;= 60 and purchases(P365D) &gt;= 2
 * store(P90D) in (msk-1, msk-2) or tier = gold
 * not reachable(telegram) and days-to-birthday in 0..7
 * rfm-monetary = 5 and segment(regulars)
 * </pre>
 *
 * Comparisons: {@code >= > <= < =} and {@code in a..b} (inclusive). Money is in RUB with up to two decimals;
 * windows are ISO periods ({@code P30D}, {@code P6M}, {@code P1Y}); {@code not} binds tighter than
 * {@code and}, which binds tighter than {@code or}.
 */
public final class SegmentSyntax {

    /** A segment's name: lower-case letters, digits and dashes. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<num>\\d+(?:\\.\\d+)?)|(?<word>[A-Za-z_][A-Za-z0-9_\\-]*)|(?<str>'[^']*')"
                    + "|(?<op>>=|<=|\\.\\.|[<>=(),])|(?<bad>\\S))");
    private static final int MAX_BIRTHDAY_DAYS = 366;

    private final List<Token> tokens = new ArrayList<>();
    private int at;

    private record Token(String text, int position, String kind) {
    }

    private SegmentSyntax(String text) {
        Matcher m = TOKEN.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from) && m.start() == from) {
            String kind = m.group("num") != null ? "num" : m.group("word") != null ? "word"
                    : m.group("str") != null ? "str" : m.group("op") != null ? "op" : "bad";
            if (kind.equals("bad")) {
                throw new SegmentSyntaxException(m.start(kind) + 1, m.group(kind), "unexpected character");
            }
            tokens.add(new Token(m.group(kind), m.start(kind) + 1, kind));
            from = m.end();
            if (text.substring(from).isBlank()) {
                break;
            }
        }
    }

    /** Parses one rule; throws {@link SegmentSyntaxException} naming the position and the bad token. */
    public static SegmentRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SegmentSyntaxException(1, null, "the rule is empty");
        }
        SegmentSyntax p = new SegmentSyntax(text);
        SegmentRule rule = p.or();
        if (p.at < p.tokens.size()) {
            Token t = p.tokens.get(p.at);
            throw new SegmentSyntaxException(t.position, t.text, "expected 'and', 'or' or the end of the rule");
        }
        return rule;
    }

    private SegmentRule or() {
        List<SegmentRule> parts = new ArrayList<>();
        parts.add(and());
        while (acceptWord("or")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new SegmentRule.AnyOf(parts);
    }

    private SegmentRule and() {
        List<SegmentRule> parts = new ArrayList<>();
        parts.add(factor());
        while (acceptWord("and")) {
            parts.add(factor());
        }
        return parts.size() == 1 ? parts.get(0) : new SegmentRule.AllOf(parts);
    }

    private SegmentRule factor() {
        if (acceptWord("not")) {
            return new SegmentRule.Not(factor());
        }
        if (accept("(")) {
            SegmentRule inner = or();
            expect(")");
            return inner;
        }
        Token t = next("a condition such as days-since-purchase >= 30");
        if (!t.kind.equals("word")) {
            throw bad(t, "expected a condition such as days-since-purchase >= 30, 'not' or '('");
        }
        switch (t.text.toLowerCase(Locale.ROOT)) {
            case "days-since-purchase": {
                long[] r = range(0, Integer.MAX_VALUE);
                return new SegmentRule.DaysSinceLastPurchase((int) r[0], r[1] < 0 ? null : (int) r[1]);
            }
            case "days-since-joining": {
                long[] r = range(0, Integer.MAX_VALUE);
                return new SegmentRule.DaysSinceJoining((int) r[0], r[1] < 0 ? null : (int) r[1]);
            }
            case "age": {
                long[] r = range(0, 200);
                return new SegmentRule.Age((int) r[0], r[1] < 0 ? null : (int) r[1]);
            }
            case "days-to-birthday": {
                long[] r = range(0, MAX_BIRTHDAY_DAYS);
                return new SegmentRule.BirthdayInDays((int) r[0], r[1] < 0 ? MAX_BIRTHDAY_DAYS : (int) r[1]);
            }
            case "purchases": {
                Period window = optionalWindow();
                long[] r = range(0, Long.MAX_VALUE);
                return new SegmentRule.PurchaseCount(window, r[0], r[1] < 0 ? null : r[1]);
            }
            case "spend": {
                Period window = optionalWindow();
                long[] r = moneyRange();
                return new SegmentRule.PurchaseSum(window, r[0], r[1] < 0 ? null : r[1]);
            }
            case "average-receipt": {
                long[] r = moneyRange();
                return new SegmentRule.AverageReceipt(r[0], r[1] < 0 ? null : r[1]);
            }
            case "store": {
                Period window = optionalWindow();
                return new SegmentRule.PurchasedAtStore(names("store id"), window);
            }
            case "tier":
                return new SegmentRule.InTier(names("tier name"));
            case "reachable": {
                expect("(");
                Token c = next("telegram or sms");
                Channel channel = switch (c.text.toLowerCase(Locale.ROOT)) {
                    case "telegram" -> Channel.TELEGRAM;
                    case "sms" -> Channel.SMS;
                    default -> throw bad(c, "expected telegram or sms");
                };
                expect(")");
                return new SegmentRule.Reachable(channel);
            }
            case "rfm-recency": {
                long[] r = score();
                return new SegmentRule.Rfm((int) r[0], (int) r[1], 1, 5, 1, 5);
            }
            case "rfm-frequency": {
                long[] r = score();
                return new SegmentRule.Rfm(1, 5, (int) r[0], (int) r[1], 1, 5);
            }
            case "rfm-monetary": {
                long[] r = score();
                return new SegmentRule.Rfm(1, 5, 1, 5, (int) r[0], (int) r[1]);
            }
            case "segment": {
                expect("(");
                Token n = next("a segment name");
                if (!NAME.matcher(n.text).matches()) {
                    throw bad(n, "a segment name is lower-case letters, digits and dashes");
                }
                expect(")");
                return new SegmentRule.Named(n.text);
            }
            case "blocked":
                return new SegmentRule.Blocked();
            default:
                throw bad(t, "unknown condition; expected one of days-since-purchase, days-since-joining, age, "
                        + "days-to-birthday, purchases, spend, average-receipt, store, tier, reachable, rfm-recency, "
                        + "rfm-frequency, rfm-monetary, segment, blocked");
        }
    }

    // ------------------------------------------------------------------------------------------ pieces

    /** {min, max} with max -1 for an open upper bound. */
    private long[] range(long floor, long ceiling) {
        return range(floor, ceiling, this::wholeNumber);
    }

    private long[] moneyRange() {
        return range(0, Long.MAX_VALUE / 1000, this::kopecks);
    }

    private long[] score() {
        long[] r = range(1, 5);
        if (r[1] < 0) {
            r[1] = 5;
        }
        return r;
    }

    private interface Number {
        long read(long floor, long ceiling);
    }

    private long[] range(long floor, long ceiling, Number number) {
        Token op = next("a comparison (>=, >, <=, <, = or in a..b)");
        long[] r;
        switch (op.text.toLowerCase(Locale.ROOT)) {
            case ">=" -> r = new long[] {number.read(floor, ceiling), -1};
            case ">" -> r = new long[] {number.read(floor, ceiling) + 1, -1};
            case "<=" -> r = new long[] {floor, number.read(floor, ceiling)};
            case "<" -> {
                Token n = peek();
                long v = number.read(floor, ceiling) - 1;
                if (v < floor) {
                    throw bad(n, "'< " + (n == null ? "" : n.text) + "' matches nothing");
                }
                r = new long[] {floor, v};
            }
            case "=" -> {
                long v = number.read(floor, ceiling);
                r = new long[] {v, v};
            }
            case "in" -> {
                long a = number.read(floor, ceiling);
                expect("..");
                Token n = peek();
                long b = number.read(floor, ceiling);
                if (b < a) {
                    throw bad(n, "the upper bound is below the lower bound " + a);
                }
                r = new long[] {a, b};
            }
            default -> throw bad(op, "expected a comparison (>=, >, <=, <, = or in a..b)");
        }
        if (r[1] >= 0 && r[1] > ceiling) {
            r[1] = ceiling;
        }
        if (r[0] > ceiling) {
            throw bad(tokens.get(at - 1), "must be at most " + ceiling);
        }
        return r;
    }

    private long wholeNumber(long floor, long ceiling) {
        Token t = next("a whole number");
        if (!t.kind.equals("num") || t.text.contains(".")) {
            throw bad(t, "expected a whole number");
        }
        long v;
        try {
            v = Long.parseLong(t.text);
        } catch (NumberFormatException e) {
            throw bad(t, "the number is too large");
        }
        if (v < floor || v > ceiling) {
            throw bad(t, "must be between " + floor + " and " + ceiling);
        }
        return v;
    }

    private long kopecks(long floor, long ceiling) {
        Token t = next("an amount in RUB such as 1500 or 99.90");
        if (!t.kind.equals("num")) {
            throw bad(t, "expected an amount in RUB such as 1500 or 99.90");
        }
        BigDecimal rub = new BigDecimal(t.text);
        if (rub.stripTrailingZeros().scale() > 2) {
            throw bad(t, "an amount has at most 2 decimals (kopecks)");
        }
        try {
            long k = rub.movePointRight(2).longValueExact();
            if (k > ceiling) {
                throw bad(t, "the amount is too large");
            }
            return k;
        } catch (ArithmeticException e) {
            throw bad(t, "the amount is too large");
        }
    }

    private Period optionalWindow() {
        if (!accept("(")) {
            return null;
        }
        Token t = next("a window such as P30D, P6M or P1Y");
        Period p;
        try {
            p = Period.parse(t.text.toUpperCase(Locale.ROOT));
        } catch (DateTimeException e) {
            throw bad(t, "expected a window such as P30D, P6M or P1Y");
        }
        if (p.isNegative() || p.isZero()) {
            throw bad(t, "the window must be positive");
        }
        expect(")");
        return p;
    }

    /** {@code = x} or {@code in (x, y, ...)}. */
    private Set<String> names(String what) {
        Set<String> out = new LinkedHashSet<>();
        if (accept("=")) {
            out.add(item(what));
            return out;
        }
        Token t = next("'=' or 'in (...)'");
        if (!t.text.equalsIgnoreCase("in")) {
            throw bad(t, "expected '=' or 'in (...)'");
        }
        expect("(");
        out.add(item(what));
        while (accept(",")) {
            out.add(item(what));
        }
        expect(")");
        return out;
    }

    private String item(String what) {
        Token t = next("a " + what);
        if (t.kind.equals("str")) {
            String v = t.text.substring(1, t.text.length() - 1);
            if (v.isEmpty()) {
                throw bad(t, "a " + what + " is not empty");
            }
            return v;
        }
        if (t.kind.equals("word") || t.kind.equals("num")) {
            return t.text;
        }
        throw bad(t, "expected a " + what);
    }

    private Token peek() {
        return at < tokens.size() ? tokens.get(at) : null;
    }

    private Token next(String expected) {
        if (at >= tokens.size()) {
            throw new SegmentSyntaxException(position(), null, "expected " + expected);
        }
        return tokens.get(at++);
    }

    private int position() {
        if (tokens.isEmpty()) {
            return 1;
        }
        Token last = tokens.get(tokens.size() - 1);
        return last.position + last.text.length();
    }

    private boolean accept(String op) {
        if (at < tokens.size() && tokens.get(at).text.equals(op) && !tokens.get(at).kind.equals("str")) {
            at++;
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        if (at < tokens.size() && tokens.get(at).kind.equals("word") && tokens.get(at).text.equalsIgnoreCase(word)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String op) {
        Token t = next("'" + op + "'");
        if (!t.text.equals(op) || t.kind.equals("str")) {
            throw bad(t, "expected '" + op + "'");
        }
    }

    private static SegmentSyntaxException bad(Token t, String problem) {
        return t == null ? new SegmentSyntaxException(0, null, problem)
                : new SegmentSyntaxException(t.position, t.text, problem);
    }

    /** The canonical text of a rule (for logs and docs); parsing it gives back an equal rule. */
    public static String format(SegmentRule rule) {
        return Formatter.format(rule);
    }
}
