package dev.kopilka.campaign.internal;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders a campaign message: plain text with {@code {placeholder}}s; channels escape it for themselves. */
final class MessageTemplate {

    static final Set<String> PLACEHOLDERS = Set.of("name", "balance", "points", "points_expire_on", "promo_code",
            "promo_discount", "promo_valid_until", "store");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private MessageTemplate() {
    }

    /** Whether the template shows the placeholder (a value it does not show need not be read). */
    static boolean uses(String template, String placeholder) {
        return template.contains("{" + placeholder + "}");
    }

    /** Replaces each known placeholder by its value (missing values render empty). */
    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = PLACEHOLDERS.contains(name) ? values.getOrDefault(name, "") : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
