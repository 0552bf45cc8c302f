package dev.kopilka.campaign.internal;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Quiet hours in the program's zone: a marketing message due inside them is deferred to their end, never dropped.
 * A null {@code from} means none.
 */
record QuietHours(LocalTime from, LocalTime until, ZoneId zone) {

    boolean contains(Instant at) {
        if (from == null) {
            return false;
        }
        LocalTime t = at.atZone(zone).toLocalTime();
        return from.isBefore(until) ? !t.isBefore(from) && t.isBefore(until) : !t.isBefore(from) || t.isBefore(until);
    }

    /** {@code at}, or the end of the quiet hours it falls in. */
    Instant deferred(Instant at) {
        if (!contains(at)) {
            return at;
        }
        ZonedDateTime z = at.atZone(zone);
        ZonedDateTime end = z.toLocalDate().atTime(until).atZone(zone);
        if (!end.isAfter(z)) {
            end = z.toLocalDate().plusDays(1).atTime(until).atZone(zone);
        }
        return end.toInstant();
    }
}
