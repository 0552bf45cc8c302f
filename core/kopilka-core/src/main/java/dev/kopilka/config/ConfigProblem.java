package dev.kopilka.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One problem of a configuration: which key, which rule it breaks, the bad value and, for a likely typo,
 * the key that was probably meant. The value of a secret key (a password, a token, an API key) is never kept:
 * problems end up in logs and exception messages.
 */
public record ConfigProblem(String key, String rule, String value, String suggestion) {

    private static final Pattern SECRET_KEY =
            Pattern.compile(".*(password|passwd|token|secret|api-key|apikey|auth|credential|private-key).*");

    public ConfigProblem {
        if (value != null && key != null && isSecret(key)) {
            value = "<hidden, " + value.length() + " characters>";
        }
    }

    /** Whether a key holds a secret whose value must never be logged or echoed. */
    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(key).append(": ").append(rule);
        if (value != null) {
            s.append(" (was '").append(value).append("')");
        }
        if (suggestion != null) {
            s.append("; did you mean ").append(suggestion).append('?');
        }
        return s.toString();
    }
}
