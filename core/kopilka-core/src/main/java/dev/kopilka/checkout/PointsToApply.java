package dev.kopilka.checkout;

import dev.kopilka.Require;

/** How many points the customer wants to pay with. */
public record PointsToApply(Mode mode, long points) {

    public enum Mode { NONE, MAX, EXACTLY }

    public PointsToApply {
        Require.present(mode, "points.mode");
        Require.nonNegative(points, "points");
        Require.that(mode == Mode.EXACTLY || points == 0, "points", "only EXACTLY takes a number", points);
    }

    public static PointsToApply none() {
        return new PointsToApply(Mode.NONE, 0);
    }

    /** As many as the receipt allows. */
    public static PointsToApply max() {
        return new PointsToApply(Mode.MAX, 0);
    }

    public static PointsToApply exactly(long points) {
        return points == 0 ? none() : new PointsToApply(Mode.EXACTLY, points);
    }

    @Override
    public String toString() {
        return mode == Mode.EXACTLY ? String.valueOf(points) : mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
