package dev.kopilka.messaging.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Send slots reserved on a channel: {@code granted} slots from {@code first}, {@code interval} apart. */
public record SendSlots(Instant first, int granted, Duration interval) {

    public SendSlots {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(interval, "interval");
        if (granted < 0) {
            throw new IllegalArgumentException("granted must not be negative: " + granted);
        }
    }

    /** The time of slot {@code i} (0-based). */
    public Instant slot(int i) {
        return first.plus(interval.multipliedBy(i));
    }

    /**
     * The computation every store shares: slots start at the later of {@code now} and {@code nextFree}; as many
     * as fit before {@code horizon} (at least none, at most {@code wanted}) are granted.
     */
    public static SendSlots compute(Instant nextFree, int wanted, Duration interval, Instant now, Instant horizon) {
        Instant first = nextFree == null || nextFree.isBefore(now) ? now : nextFree;
        if (first.isAfter(horizon) || wanted <= 0) {
            return new SendSlots(first, 0, interval);
        }
        long fit = interval.isZero() ? wanted
                : Duration.between(first, horizon).toNanos() / interval.toNanos() + 1;
        return new SendSlots(first, (int) Math.min(wanted, fit), interval);
    }

    /** Where the next reservation starts after this one. */
    public Instant nextFree() {
        return first.plus(interval.multipliedBy(granted));
    }
}
