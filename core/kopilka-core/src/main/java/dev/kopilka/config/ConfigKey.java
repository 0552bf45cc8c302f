package dev.kopilka.config;

/**
 * A known configuration key with its default (as written in a properties file; "" when empty) and a
 * one-line description. {@code key} may contain {@code <name>} for pattern keys.
 */
public record ConfigKey(String key, String defaultValue, String description) {

    boolean isPattern() {
        return key.contains("<");
    }

    boolean matches(String candidate) {
        if (!isPattern()) {
            return key.equals(candidate);
        }
        int open = key.indexOf('<');
        int close = key.indexOf('>');
        String prefix = key.substring(0, open);
        String suffix = key.substring(close + 1);
        if (!candidate.startsWith(prefix) || !candidate.endsWith(suffix)
                || candidate.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        String name = candidate.substring(prefix.length(), candidate.length() - suffix.length());
        return !name.isEmpty() && !name.contains(".");
    }
}
