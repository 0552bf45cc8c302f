package dev.kopilka.config;

/**
 * One thing wrong with a configuration: the key, the rule it breaks, the bad value, and for an unknown key
 * the closest known one.
 */
public record ConfigProblem(String key, String rule, String value, String suggestion) {

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
