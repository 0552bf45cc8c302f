package dev.kopilka.segment;

import dev.kopilka.KopilkaException;
import java.util.Map;

/**
 * A segment rule's text cannot be parsed: where (1-based character position), the token found there and
 * what was expected instead.
 */
public final class SegmentSyntaxException extends KopilkaException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String token;
    private final String problem;

    public SegmentSyntaxException(int position, String token, String problem) {
        super("at position " + position + " (" + (token == null ? "end of rule" : "'" + token + "'") + "): " + problem,
                Map.of("position", position, "token", token == null ? "" : token));
        this.position = position;
        this.token = token;
        this.problem = problem;
    }

    /** 1-based character position of the bad token in the rule text. */
    public int position() {
        return position;
    }

    /** The bad token, null at the end of the text. */
    public String token() {
        return token;
    }

    public String problem() {
        return problem;
    }
}
