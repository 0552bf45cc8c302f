package dev.kopilka.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.segment.port.RuleCalendar;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RuleCalendarTest {

    private static List<List<Integer>> ranges(String today, int from, int to) {
        return new RuleCalendar(LocalDate.parse(today)).birthdayRanges(from, to).stream()
                .map(r -> List.of(r[0], r[1])).toList();
    }

    @Test
    void birthdayWindowsSplitAtTheYearEndAndCoverFebruary29InCommonYears() {
        assertThat(ranges("2025-12-29", 0, 5)).containsExactly(List.of(101, 103), List.of(1229, 1231));
        assertThat(ranges("2026-02-27", 1, 1)).containsExactly(List.of(228, 229));
        assertThat(ranges("2028-02-27", 1, 1)).containsExactly(List.of(228, 228));
        assertThat(ranges("2028-02-27", 2, 2)).containsExactly(List.of(229, 229));
        assertThat(ranges("2026-02-27", 2, 2)).containsExactly(List.of(301, 301));
        assertThat(ranges("2025-06-01", 0, 400)).containsExactly(List.of(101, 1231));
    }

    @Test
    void windowsIncludeTodayAndAgesCountFullYears() {
        RuleCalendar cal = new RuleCalendar(LocalDate.of(2025, 6, 1));
        assertThat(cal.windowStart(Period.ofDays(30))).isEqualTo(LocalDate.of(2025, 5, 3));
        assertThat(cal.windowStart(Period.ofDays(1))).isEqualTo(LocalDate.of(2025, 6, 1));
        assertThat(cal.bornOnOrBefore(18)).isEqualTo(LocalDate.of(2007, 6, 1));
        assertThat(cal.bornAfter(18)).isEqualTo(LocalDate.of(2006, 6, 1));
    }

    @Test
    void quintilesFollowSqlNtile() {
        // NTILE(5) over 12 rows: bucket sizes 3, 3, 2, 2, 2.
        assertThat(IntStream.range(0, 12).map(i -> RuleCalendar.quintile(i, 12)).boxed().toList())
                .containsExactly(1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5);
        assertThat(IntStream.range(0, 3).map(i -> RuleCalendar.quintile(i, 3)).boxed().toList()).containsExactly(1, 2, 3);
        assertThat(IntStream.range(0, 10).map(i -> RuleCalendar.quintile(i, 10)).boxed().toList())
                .containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    }
}
