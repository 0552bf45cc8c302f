package dev.kopilka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The canonical fields of a request made under an idempotency key, kept forever with its result. Stored as one
 * compact string ({@code name=value} lines, in a fixed order) so a million receipts cost little memory and one
 * text column; parsed back into fields only when a conflicting retry must name what differs.
 */
public final class RequestFingerprint {

    private final String canonical;

    private RequestFingerprint(String canonical) {
        this.canonical = canonical;
    }

    /** Restores a fingerprint from {@link #canonical()} (for stores). */
    public static RequestFingerprint of(String canonical) {
        return new RequestFingerprint(Objects.requireNonNull(canonical, "canonical"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The stored form. */
    public String canonical() {
        return canonical;
    }

    /** The fields in their canonical order. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        while (start < canonical.length()) {
            int end = canonical.indexOf('\n', start);
            String line = canonical.substring(start, end);
            int eq = line.indexOf('=');
            fields.put(unescape(line.substring(0, eq)), unescape(line.substring(eq + 1)));
            start = end + 1;
        }
        return fields;
    }

    /** Names of the fields that differ from {@code other} (or exist on one side only), sorted; empty if none. */
    public List<String> differingFields(RequestFingerprint other) {
        if (canonical.equals(other.canonical)) {
            return List.of(); // the common case: a genuine retry
        }
        Map<String, String> mine = fields();
        Map<String, String> theirs = other.fields();
        TreeSet<String> names = new TreeSet<>(mine.keySet());
        names.addAll(theirs.keySet());
        List<String> differing = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(mine.get(name), theirs.get(name))) {
                differing.add(name);
            }
        }
        return differing;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestFingerprint f && f.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return fields().toString();
    }

    private static String escape(String s) {
        return s.indexOf('\\') < 0 && s.indexOf('\n') < 0 && s.indexOf('=') < 0 ? s
                : s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\e");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 'e' ? '=' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Collects fields in order. */
    public static final class Builder {
        private final StringBuilder canonical = new StringBuilder(256);

        public Builder add(String name, Object value) {
            canonical.append(escape(name)).append('=').append(escape(String.valueOf(value))).append('\n');
            return this;
        }

        public RequestFingerprint build() {
            return new RequestFingerprint(canonical.toString());
        }
    }
}
