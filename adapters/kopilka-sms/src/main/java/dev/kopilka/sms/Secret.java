package dev.kopilka.sms;

import java.util.Objects;

/** A credential: its {@code toString} never shows it, so it cannot reach a log line or an exception message. */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself: only for building the request that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "***";
    }
}
