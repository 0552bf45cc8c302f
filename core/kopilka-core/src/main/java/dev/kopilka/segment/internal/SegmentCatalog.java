package dev.kopilka.segment.internal;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.Suggestions;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.segment.SegmentDefinition;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.segment.SegmentSyntax;
import dev.kopilka.segment.SegmentSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segment definitions of a program: the built-ins overridden and extended by {@code kopilka.segments.*}.
 * Built from the configuration at start; every problem (syntax, unknown keys, unknown or cyclic references)
 * is reported at once.
 */
public final class SegmentCatalog {

    public static final String PREFIX = "kopilka.segments.";
    public static final String RULE_KEY = "kopilka.segments.<name>.rule";
    public static final String DESCRIPTION_KEY = "kopilka.segments.<name>.description";

    /** Built-in segments: name → {rule, description}. Documented in docs/segments.md and docs/configuration.md. */
    public static final Map<String, String[]> BUILT_INS = builtIns();

    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "([^.]+)\\.([^.]+)");

    private final Map<String, SegmentDefinition> definitions;

    private SegmentCatalog(Map<String, SegmentDefinition> definitions) {
        this.definitions = definitions;
    }

    private static Map<String, String[]> builtIns() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("regulars", new String[] {"purchases(P90D) >= 3",
                "bought at least 3 times in the last 90 days"});
        m.put("churn-risk", new String[] {"purchases(P365D) >= 2 and days-since-purchase >= 60",
                "bought at least twice in the last year, but not in the last 60 days"});
        m.put("loyal", new String[] {"days-since-joining >= 365 and purchases(P365D) >= 4 and days-since-purchase <= 90",
                "a member for a year or more, at least 4 purchases in the last year and one in the last 90 days"});
        m.put("vip", new String[] {"rfm-monetary = 5 and rfm-frequency >= 4 and days-since-purchase <= 180",
                "the top fifth of buyers by spend, among the top two fifths by frequency, active in the last 180 days"});
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The catalog, or {@link InvalidConfigurationException} listing every problem of the segment keys. */
    public static SegmentCatalog from(KopilkaConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        SegmentCatalog catalog = build(config, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(config.source(), problems);
        }
        return catalog;
    }

    /**
     * The names of the built-ins and of every segment given a rule, whether or not the rule is valid: what campaign
     * audiences may name when the catalog itself has problems (reported by {@link #from}).
     */
    public static Set<String> declaredNames(KopilkaConfig config) {
        Set<String> names = new TreeSet<>(BUILT_INS.keySet());
        for (String key : config.keys()) {
            Matcher m = KEY.matcher(key);
            if (m.matches() && m.group(2).equals("rule")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static SegmentCatalog build(KopilkaConfig config, List<ConfigProblem> problems) {
        Map<String, String> rules = new TreeMap<>();
        Map<String, String> descriptions = new TreeMap<>();
        for (String key : new TreeSet<>(config.keys())) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                problems.add(new ConfigProblem(key, "unknown key; segment keys are " + RULE_KEY + " and "
                        + DESCRIPTION_KEY, config.get(key), null));
                continue;
            }
            String name = m.group(1);
            if (!SegmentSyntax.NAME.matcher(name).matches()) {
                problems.add(new ConfigProblem(key, "a segment name is 1-64 of a-z, 0-9 and - (starting with a "
                        + "letter or digit)", name, null));
                continue;
            }
            String value = config.get(key) == null ? "" : config.get(key).strip();
            switch (m.group(2)) {
                case "rule" -> rules.put(name, value);
                case "description" -> descriptions.put(name, value);
                default -> problems.add(new ConfigProblem(key, "unknown key", config.get(key),
                        PREFIX + name + (m.group(2).startsWith("d") ? ".description" : ".rule")));
            }
        }
        for (String name : descriptions.keySet()) {
            if (!rules.containsKey(name) && !BUILT_INS.containsKey(name)) {
                problems.add(new ConfigProblem(PREFIX + name + ".rule", "is required: segment " + name
                        + " has a description but no rule", null, null));
            }
        }
        Map<String, SegmentDefinition> defs = new TreeMap<>();
        BUILT_INS.forEach((name, d) -> {
            if (!rules.containsKey(name)) {
                defs.put(name, new SegmentDefinition(name, d[0], SegmentSyntax.parse(d[0]),
                        descriptions.getOrDefault(name, d[1]), true));
            }
        });
        rules.forEach((name, text) -> {
            try {
                defs.put(name, new SegmentDefinition(name, text, SegmentSyntax.parse(text),
                        descriptions.getOrDefault(name, ""), false));
            } catch (SegmentSyntaxException e) {
                problems.add(new ConfigProblem(PREFIX + name + ".rule", "syntax error at position " + e.position()
                        + ": " + e.problem(), e.token() == null ? text : e.token(), null));
            }
        });
        // References: every name known, no cycles.
        for (SegmentDefinition def : defs.values()) {
            for (String ref : references(def.rule())) {
                if (!defs.containsKey(ref) && !rules.containsKey(ref)) {
                    problems.add(new ConfigProblem(PREFIX + def.name() + ".rule", "refers to an unknown segment",
                            ref, Suggestions.closest(ref, defs.keySet(), Math.max(2, ref.length() / 3))));
                }
            }
        }
        for (String name : defs.keySet()) {
            List<String> cycle = cycleFrom(name, defs, new ArrayList<>());
            if (cycle != null && cycle.get(0).equals(name) && name.equals(cycle.stream().sorted().findFirst().get())) {
                problems.add(new ConfigProblem(PREFIX + name + ".rule", "segments refer to each other in a cycle",
                        String.join(" -> ", cycle) + " -> " + name, null));
            }
        }
        return new SegmentCatalog(defs);
    }

    private static List<String> cycleFrom(String name, Map<String, SegmentDefinition> defs, List<String> path) {
        if (path.contains(name)) {
            return path.subList(path.indexOf(name), path.size());
        }
        SegmentDefinition def = defs.get(name);
        if (def == null) {
            return null;
        }
        path.add(name);
        for (String ref : references(def.rule())) {
            List<String> cycle = cycleFrom(ref, defs, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    static Set<String> references(SegmentRule rule) {
        Set<String> out = new HashSet<>();
        collect(rule, out);
        return out;
    }

    private static void collect(SegmentRule rule, Set<String> out) {
        if (rule instanceof SegmentRule.Named n) {
            out.add(n.name());
        } else if (rule instanceof SegmentRule.AllOf a) {
            a.rules().forEach(r -> collect(r, out));
        } else if (rule instanceof SegmentRule.AnyOf a) {
            a.rules().forEach(r -> collect(r, out));
        } else if (rule instanceof SegmentRule.Not n) {
            collect(n.rule(), out);
        }
    }

    public List<SegmentDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    public Optional<SegmentDefinition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /** Replaces every reference by its definition (the catalog has no cycles: checked at start). */
    public SegmentRule resolve(SegmentRule rule) {
        return resolve(rule, new ArrayList<>());
    }

    private SegmentRule resolve(SegmentRule rule, List<String> path) {
        if (rule instanceof SegmentRule.Named n) {
            SegmentDefinition def = definitions.get(n.name());
            if (def == null) {
                throw new InvalidRequestException("segment", "no segment with this name; known: "
                        + String.join(", ", definitions.keySet()), n.name());
            }
            if (path.contains(n.name())) {
                throw new InvalidRequestException("segment", "segments refer to each other in a cycle", n.name());
            }
            path.add(n.name());
            SegmentRule resolved = resolve(def.rule(), path);
            path.remove(path.size() - 1);
            return resolved;
        }
        if (rule instanceof SegmentRule.AllOf a) {
            return new SegmentRule.AllOf(a.rules().stream().map(r -> resolve(r, path)).toList());
        }
        if (rule instanceof SegmentRule.AnyOf a) {
            return new SegmentRule.AnyOf(a.rules().stream().map(r -> resolve(r, path)).toList());
        }
        if (rule instanceof SegmentRule.Not n) {
            return new SegmentRule.Not(resolve(n.rule(), path));
        }
        return rule;
    }
}
