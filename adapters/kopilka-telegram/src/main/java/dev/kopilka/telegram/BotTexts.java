package dev.kopilka.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bot says: the bundled Russian ({@code texts_ru.properties}, the default) or English texts, each
 * overridable with {@code kopilka.telegram.texts.<key>}. Placeholders are {@code {name}}; an unknown
 * placeholder stays as written so a typo in an override is visible, not silently dropped.
 */
public final class BotTexts {

    /** Every text key (the Russian bundle is the reference; the English one has the same keys). */
    public static final Set<String> KEYS = Collections.unmodifiableSet(new TreeSet<>(load("ru").keySet()));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    private final Map<String, String> texts;

    private BotTexts(Map<String, String> texts) {
        this.texts = texts;
    }

    public static BotTexts of(Locale language, Map<String, String> overrides) {
        Map<String, String> texts = new LinkedHashMap<>(load(language.getLanguage()));
        texts.putAll(overrides);
        return new BotTexts(Map.copyOf(texts));
    }

    /** The text with its placeholders filled: {@code text("balance", "available", 250)}. */
    public String text(String key, Object... namesAndValues) {
        String template = texts.get(key);
        if (template == null) {
            throw new IllegalArgumentException("no bot text '" + key + "'");
        }
        if (namesAndValues.length == 0) {
            return template;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            values.put(String.valueOf(namesAndValues[i]), String.valueOf(namesAndValues[i + 1]));
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> load(String language) {
        String name = "texts_" + language + ".properties";
        try (InputStream in = BotTexts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("bundled bot texts missing: " + name);
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new LinkedHashMap<>();
            for (String key : p.stringPropertyNames()) {
                out.put(key, p.getProperty(key));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled bot texts " + name, e);
        }
    }
}
