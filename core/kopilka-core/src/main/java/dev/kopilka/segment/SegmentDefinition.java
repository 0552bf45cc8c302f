package dev.kopilka.segment;

/**
 * A named segment: from {@code kopilka.segments.<name>.rule}, or one of the built-ins (which a retailer
 * overrides by defining the same name).
 *
 * @param text        the rule as written
 * @param rule        the parsed rule (may refer to other segments)
 * @param builtIn     true when the definition is Kopilka's default, not the program's own
 */
public record SegmentDefinition(String name, String text, SegmentRule rule, String description, boolean builtIn) {
}
