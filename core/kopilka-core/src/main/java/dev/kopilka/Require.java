package dev.kopilka;

import java.util.Objects;

/** Argument checks that throw {@link InvalidRequestException} naming field, rule and value. */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidRequestException(field, "is required", null);
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, "must not be blank", value);
        }
        return value;
    }

    public static String token(String value, String field, int maxLength) {
        notBlank(value, field);
        if (value.length() > maxLength) {
            throw new InvalidRequestException(field, "must be at most " + maxLength + " characters", value);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidRequestException(field, "must not contain control characters", value);
            }
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidRequestException(field, "must not be negative", value);
        }
        return value;
    }

    public static long positive(long value, String field) {
        if (value <= 0) {
            throw new InvalidRequestException(field, "must be positive", value);
        }
        return value;
    }

    public static void that(boolean condition, String field, String rule, Object value) {
        if (!condition) {
            throw new InvalidRequestException(field, rule, value);
        }
    }

    public static <T> T nonNull(T value) {
        return Objects.requireNonNull(value);
    }
}
