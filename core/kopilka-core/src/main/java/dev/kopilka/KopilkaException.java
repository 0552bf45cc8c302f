package dev.kopilka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Root of every failure Kopilka throws. Unchecked, and always carrying enough context (program, member,
 * receipt, key...) to act on the log line alone.
 *
 * <p>Business refusals (not enough points, a promo code used up, a conflicting retry) are <em>not</em>
 * exceptions: they come back as values from the operation that refused. Exceptions are for bad input
 * (a caller's bug), misconfiguration and infrastructure failures.
 */
public abstract class KopilkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, Object> context;

    protected KopilkaException(String message, Map<String, ?> context, Throwable cause) {
        super(message, cause);
        this.context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    protected KopilkaException(String message, Map<String, ?> context) {
        this(message, context, null);
    }

    /** Context of the failure, in insertion order (for example {@code program}, {@code txid}). */
    public Map<String, Object> context() {
        return context;
    }

    @Override
    public String getMessage() {
        String base = super.getMessage();
        return context.isEmpty() ? base : base + " " + context;
    }
}
