package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SettableClockTest {

    @Test
    void advancesByCalendarDaysAcrossDst() {
        SettableClock clock = SettableClock.at("2025-03-29T12:00", "Europe/Berlin");
        var before = clock.instant();
        clock.advanceDays(1);
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofHours(23));
        assertThat(clock.zonedNow().getHour()).isEqualTo(12);
    }

    @Test
    void zoneCopiesShareTheTimeAndTimeNeverGoesBack() {
        SettableClock clock = SettableClock.at("2024-02-29T00:00", "Europe/Moscow");
        var utc = clock.withZone(ZoneId.of("UTC"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(utc.instant()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
