package dev.kopilka.sms;

import java.util.Map;

/**
 * Russian to Latin letters for SMS (a readable scheme close to the one on Russian passports: {@code ж → zh},
 * {@code щ → shch}, {@code ы → y}, {@code ю → yu}, the hard and soft signs dropped). A Cyrillic text costs
 * 70 characters per segment, its transliteration 160. Typographic quotes and dashes become their ASCII
 * forms so a transliterated text stays GSM-7.
 */
public final class Transliteration {

    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"), Map.entry('д', "d"),
            Map.entry('е', "e"), Map.entry('ё', "e"), Map.entry('ж', "zh"), Map.entry('з', "z"), Map.entry('и', "i"),
            Map.entry('й', "y"), Map.entry('к', "k"), Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"),
            Map.entry('о', "o"), Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "kh"), Map.entry('ц', "ts"), Map.entry('ч', "ch"),
            Map.entry('ш', "sh"), Map.entry('щ', "shch"), Map.entry('ъ', ""), Map.entry('ы', "y"), Map.entry('ь', ""),
            Map.entry('э', "e"), Map.entry('ю', "yu"), Map.entry('я', "ya"));

    private static final Map<Character, String> PUNCTUATION = Map.ofEntries(
            Map.entry('«', "\""), Map.entry('»', "\""), Map.entry('„', "\""), Map.entry('“', "\""),
            Map.entry('”', "\""), Map.entry('‘', "'"), Map.entry('’', "'"), Map.entry('—', "-"), Map.entry('–', "-"),
            Map.entry('…', "..."), Map.entry('№', "N"), Map.entry('\u00A0', " "), Map.entry('₽', "rub."));

    private Transliteration() {
    }

    public static String toLatin(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char lower = Character.toLowerCase(c);
            String latin = LETTERS.get(lower);
            if (latin == null) {
                String p = PUNCTUATION.get(c);
                out.append(p != null ? p : String.valueOf(c));
            } else if (lower == c || latin.isEmpty()) {
                out.append(latin);
            } else if (latin.length() > 1 && i + 1 < text.length() && Character.isUpperCase(text.charAt(i + 1))) {
                out.append(latin.toUpperCase(java.util.Locale.ROOT)); // ЩУКА → SHCHUKA
            } else {
                out.append(Character.toUpperCase(latin.charAt(0))).append(latin, 1, latin.length()); // Щука → Shchuka
            }
        }
        return out.toString();
    }
}
