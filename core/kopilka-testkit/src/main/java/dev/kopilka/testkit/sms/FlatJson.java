package dev.kopilka.testkit.sms;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a flat JSON object (strings, numbers, booleans, null) into strings: enough for request bodies. */
final class FlatJson {

    private FlatJson() {
    }

    static Map<String, String> parse(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] at = {skip(json, 0)};
        if (at[0] >= json.length() || json.charAt(at[0]) != '{') {
            return out;
        }
        at[0]++;
        while (true) {
            at[0] = skip(json, at[0]);
            if (at[0] >= json.length() || json.charAt(at[0]) == '}') {
                return out;
            }
            String key = string(json, at);
            at[0] = skip(json, at[0]) + 1; // ':'
            at[0] = skip(json, at[0]);
            String value;
            if (json.charAt(at[0]) == '"') {
                value = string(json, at);
            } else {
                int start = at[0];
                while (at[0] < json.length() && ",}".indexOf(json.charAt(at[0])) < 0) {
                    at[0]++;
                }
                value = json.substring(start, at[0]).strip();
                if (value.equals("null")) {
                    value = null;
                }
            }
            out.put(key, value);
            at[0] = skip(json, at[0]);
            if (at[0] < json.length() && json.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String string(String s, int[] at) {
        StringBuilder b = new StringBuilder();
        int i = at[0] + 1;
        while (s.charAt(i) != '"') {
            char c = s.charAt(i);
            if (c == '\\') {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
            i++;
        }
        at[0] = i + 1;
        return b.toString();
    }
}
