package dev.kopilka.telegram;

import java.util.ArrayList;
import java.util.List;

/** Plain text to what sendMessage takes: HTML-escaped for {@code parse_mode=HTML}, split to Telegram's limit. */
public final class TelegramText {

    /** sendMessage text limit, in UTF-16 code units after entity parsing (what the reader sees). */
    public static final int MESSAGE_LIMIT = 4096;
    /** sendPhoto caption limit. */
    public static final int CAPTION_LIMIT = 1024;

    private TelegramText() {
    }

    /** Escapes the three characters HTML parse mode treats specially; everything else is shown as written. */
    public static String escapeHtml(String plain) {
        StringBuilder out = new StringBuilder(plain.length() + 16);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Splits plain text into parts of at most {@code limit} characters, preferring a paragraph break, then a
     * line break, then a space in the last quarter of a part, and never splitting a surrogate pair.
     * The limit applies to the text as read (escaping does not count: Telegram measures after parsing).
     */
    public static List<String> split(String plain, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = plain;
        while (rest.length() > limit) {
            int cut = breakAt(rest, limit);
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || parts.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int breakAt(String text, int limit) {
        int floor = limit - limit / 4;
        for (String separator : new String[] {"\n\n", "\n", " "}) {
            int at = text.lastIndexOf(separator, limit - separator.length());
            if (at >= floor) {
                return at + separator.length();
            }
        }
        int cut = limit;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return cut;
    }
}
