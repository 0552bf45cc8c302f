package dev.kopilka.config;

import dev.kopilka.KopilkaException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The configuration has problems; all of them are listed, one per line. */
public final class InvalidConfigurationException extends KopilkaException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public InvalidConfigurationException(String source, List<ConfigProblem> problems) {
        super(message(source, problems), Map.of("problems", problems.size()));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return message(null, problems);
    }

    private static String message(String source, List<ConfigProblem> problems) {
        String head = problems.size() == 1 ? "1 configuration problem" : problems.size() + " configuration problems";
        if (source != null) {
            head += " in " + source;
        }
        return head + ":\n" + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
