package dev.kopilka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that can never succeed as written: a blank receipt id, a negative amount, a malformed phone.
 * Names the field, the rule it broke and the bad value, so a POS developer can fix the call from the
 * message alone. Nothing has been written when this is thrown.
 */
public final class InvalidRequestException extends KopilkaException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;
    private final transient Object value;

    public InvalidRequestException(String field, String rule, Object value) {
        super("invalid " + field + ": " + rule + " (was " + quote(value) + ")", context(field, rule, value));
        this.field = field;
        this.rule = rule;
        this.value = value;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    public Object value() {
        return value;
    }

    private static Map<String, Object> context(String field, String rule, Object value) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("field", field);
        ctx.put("rule", rule);
        ctx.put("value", quote(value));
        return ctx;
    }

    private static String quote(Object value) {
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }
}
