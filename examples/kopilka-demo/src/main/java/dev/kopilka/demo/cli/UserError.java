package dev.kopilka.demo.cli;

/**
 * A mistake in what the user gave the demo (a file, a line, an option): printed as one message naming where,
 * with exit code 2 and no stack trace. Anything else is a bug and keeps its stack trace.
 */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    /** {@code file:line: message}, the way compilers name a place. */
    public static UserError at(String file, long line, String message) {
        return new UserError(file + ":" + line + ": " + message);
    }
}
