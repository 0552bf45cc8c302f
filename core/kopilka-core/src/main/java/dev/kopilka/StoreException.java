package dev.kopilka;

import java.util.Map;

/**
 * The store failed (connection lost, constraint the core did not expect, timeout). The operation's
 * transaction was rolled back: nothing of it is visible. Retrying the same idempotent call is safe.
 */
public class StoreException extends KopilkaException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Map<String, ?> context, Throwable cause) {
        super(message, context, cause);
    }
}
