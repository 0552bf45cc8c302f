package dev.kopilka.segment.port;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The calendar arithmetic of segment rules, as bounds on stored columns. Every store evaluates rules through
 * these bounds (dates compared with dates, month-days with month-days), so an SQL query and an in-memory scan
 * agree to the member, across year ends and on February 29.
 */
public final class RuleCalendar {

    private final LocalDate today;

    public RuleCalendar(LocalDate today) {
        this.today = today;
    }

    public LocalDate today() {
        return today;
    }

    /** "At least n days ago" is {@code day <= today - n}; "at most n days ago" is {@code day >= today - n}. */
    public LocalDate daysAgo(long n) {
        return today.minusDays(n);
    }

    /** The first day inside a rolling window: {@code P30D} covers today and the 29 days before it. */
    public LocalDate windowStart(Period window) {
        return today.minus(window).plusDays(1);
    }

    /** Members aged at least {@code years} in full years were born on or before this day. */
    public LocalDate bornOnOrBefore(int years) {
        return today.minusYears(years);
    }

    /** Members aged at most {@code years} in full years were born after this day. */
    public LocalDate bornAfter(int years) {
        return today.minusYears(years + 1L);
    }

    /** A birthday as an integer month * 100 + day (e.g. 1231), the form stores keep for birthday windows. */
    public static int monthDay(LocalDate birthday) {
        return birthday.getMonthValue() * 100 + birthday.getDayOfMonth();
    }

    /**
     * The birthdays (as {@link #monthDay} values, inclusive ranges) whose next occurrence falls from
     * {@code today + from} to {@code today + to} days. In a common year February 29 birthdays are celebrated
     * on February 28. Ranges never wrap: a window across the year end gives two.
     */
    public List<int[]> birthdayRanges(int from, int to) {
        TreeSet<Integer> ordinals = new TreeSet<>();
        int days = Math.min(to, from + 366);
        for (int d = from; d <= days; d++) {
            LocalDate date = today.plusDays(d);
            ordinals.add(ordinal(date.getMonthValue(), date.getDayOfMonth()));
            if (date.getMonthValue() == 2 && date.getDayOfMonth() == 28 && !date.isLeapYear()) {
                ordinals.add(ordinal(2, 29));
            }
        }
        List<int[]> ranges = new ArrayList<>();
        int start = -1;
        int previous = -2;
        for (int o : ordinals) {
            if (o != previous + 1) {
                if (start >= 0) {
                    ranges.add(new int[] {monthDayOf(start), monthDayOf(previous)});
                }
                start = o;
            }
            previous = o;
        }
        if (start >= 0) {
            ranges.add(new int[] {monthDayOf(start), monthDayOf(previous)});
        }
        return ranges;
    }

    /** Whether a birthday's month-day lies in one of the ranges. */
    public static boolean inRanges(int monthDay, List<int[]> ranges) {
        for (int[] r : ranges) {
            if (monthDay >= r[0] && monthDay <= r[1]) {
                return true;
            }
        }
        return false;
    }

    // Day of a leap year, so every month-day including 02-29 has one ordinal and neighbours are consecutive.
    private static int ordinal(int month, int day) {
        return MonthDay.of(month, day).atYear(2000).getDayOfYear();
    }

    private static int monthDayOf(int ordinal) {
        LocalDate d = LocalDate.ofYearDay(2000, ordinal);
        return d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    /**
     * NTILE(5) over {@code n} rows ordered ascending: the score (1..5) of the row at {@code index} (0-based).
     * As in SQL, the first {@code n % 5} buckets hold one row more.
     */
    public static int quintile(long index, long n) {
        long q = n / 5;
        long r = n % 5;
        long big = r * (q + 1);
        if (index < big) {
            return (int) (index / (q + 1)) + 1;
        }
        return (int) (r + (index - big) / q) + 1;
    }

    /**
     * The 0-based index of the first of {@code n} rows (ordered ascending) whose NTILE(5) score is {@code score}
     * (1..5), or -1 when no row has that score (fewer than {@code score} rows).
     */
    public static long firstOfQuintile(int score, long n) {
        if (score < 1 || score > 5 || n < score) {
            return -1;
        }
        long q = n / 5;
        long r = n % 5;
        long before = score - 1;
        return before <= r ? before * (q + 1) : r * (q + 1) + (before - r) * q;
    }
}
