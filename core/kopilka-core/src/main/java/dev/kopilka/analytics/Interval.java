package dev.kopilka.analytics;

/** A confidence interval in kopecks at {@code level} (e.g. 0.95), both ends included. */
public record Interval(long low, long high, double level) {

    public boolean contains(long value) {
        return value >= low && value <= high;
    }
}
