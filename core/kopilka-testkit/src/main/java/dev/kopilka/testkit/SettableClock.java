package dev.kopilka.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand: across an accrual delay, an expiry, Feb 29, a DST change. Thread-safe; copies
 * made by {@link #withZone} share the same time.
 */
public final class SettableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public SettableClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(start), zone);
    }

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock at a local date-time in a zone, e.g. {@code at("2024-02-29T10:00", "Europe/Moscow")}. */
    public static SettableClock at(String localDateTime, String zone) {
        ZoneId zoneId = ZoneId.of(zone);
        return new SettableClock(java.time.LocalDateTime.parse(localDateTime).atZone(zoneId).toInstant(), zoneId);
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + duration);
        }
        now.updateAndGet(i -> i.plus(duration));
    }

    /** Moves to the same local time {@code days} calendar days later in the clock's zone (DST-aware). */
    public void advanceDays(long days) {
        now.updateAndGet(i -> i.atZone(zone).plusDays(days).toInstant());
    }

    public ZonedDateTime zonedNow() {
        return instant().atZone(zone);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new SettableClock(now, newZone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public String toString() {
        return "SettableClock[" + instant() + " " + zone + "]";
    }
}
