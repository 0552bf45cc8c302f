package dev.kopilka.sms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text as a phone network carries it: in the GSM 03.38 7-bit alphabet when every character has a place there,
 * otherwise in UCS-2; cut into the segments an operator bills. One segment holds 160 GSM-7 characters (an
 * extension character such as {@code €} or {@code [} takes two: an escape and the character) or 70 UCS-2 units;
 * a concatenated message loses room to the header in each part: 153 and 67.
 *
 * <p>Gateways bill per segment, so {@link #parts()} times the price per segment is the cost of one message.
 * A single Cyrillic letter turns the whole text into UCS-2: 71 Cyrillic characters cost two segments.
 */
public final class SmsText {

    public static final int GSM7_SINGLE = 160;
    public static final int GSM7_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    /** The GSM 03.38 basic alphabet, index = code; 0x1B (escape) is not a character of its own. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Extension table characters and their codes after the escape. */
    private static final String EXTENSION = "\f^{}\\[~]|€";
    private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    private static final char ESCAPE = 0x1B;

    /** How a text travels. */
    public enum Encoding {
        /** GSM 03.38 default alphabet, 7 bits per character (SMPP data_coding 0). */
        GSM7,
        /** UTF-16 big-endian code units (SMPP data_coding 8). */
        UCS2
    }

    private final String text;
    private final Encoding encoding;
    private final List<String> segments;

    private SmsText(String text, Encoding encoding, List<String> segments) {
        this.text = text;
        this.encoding = encoding;
        this.segments = segments;
    }

    /** The text as given, in GSM-7 if it fits, else UCS-2. */
    public static SmsText of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an SMS text must not be empty");
        }
        Encoding encoding = fitsGsm7(text) ? Encoding.GSM7 : Encoding.UCS2;
        return new SmsText(text, encoding, split(text, encoding));
    }

    /** The text transliterated to Latin first when {@code transliterate} is set (three times cheaper for Russian). */
    public static SmsText of(String text, boolean transliterate) {
        return of(transliterate ? Transliteration.toLatin(text) : text);
    }

    public static boolean fitsGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (gsmUnits(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets a character takes in GSM-7: 1 in the basic table, 2 in the extension table, 0 when absent. */
    static int gsmUnits(char c) {
        if (c != ESCAPE && BASIC.indexOf(c) >= 0) {
            return 1;
        }
        return EXTENSION.indexOf(c) >= 0 ? 2 : 0;
    }

    /** Septets (GSM-7) or UTF-16 units (UCS-2) the whole text takes. */
    public int units() {
        return units(text, encoding);
    }

    private static int units(String text, Encoding encoding) {
        if (encoding == Encoding.UCS2) {
            return text.length();
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += gsmUnits(text.charAt(i));
        }
        return n;
    }

    /**
     * Cuts into parts the way handsets and SMSCs do: an escaped GSM character and a UTF-16 surrogate pair are
     * never split across two parts, so a part may hold one unit less than its room.
     */
    private static List<String> split(String text, Encoding encoding) {
        int single = encoding == Encoding.GSM7 ? GSM7_SINGLE : UCS2_SINGLE;
        if (units(text, encoding) <= single) {
            return List.of(text);
        }
        int room = encoding == Encoding.GSM7 ? GSM7_PART : UCS2_PART;
        List<String> parts = new ArrayList<>();
        int start = 0;
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int width = encoding == Encoding.GSM7 ? gsmUnits(c)
                    : Character.isHighSurrogate(c) && i + 1 < text.length() ? 2 : 1;
            int chars = encoding == Encoding.UCS2 ? width : 1;
            if (used + width > room) {
                parts.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += width;
            i += chars;
        }
        parts.add(text.substring(start));
        return List.copyOf(parts);
    }

    public String text() {
        return text;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** The segments an operator bills (at least one). */
    public int parts() {
        return segments.size();
    }

    /** The text of each part, in order (for SMPP concatenation). */
    public List<String> segments() {
        return segments;
    }

    /** What the message costs at {@code pricePerSegmentKopecks}: exact, in kopecks. */
    public long costKopecks(long pricePerSegmentKopecks) {
        return Math.multiplyExact(pricePerSegmentKopecks, (long) parts());
    }

    /** The bytes of one part as SMPP carries them: GSM-7 unpacked (one septet per byte) or UTF-16BE. */
    public static byte[] encode(String part, Encoding encoding) {
        if (encoding == Encoding.UCS2) {
            return part.getBytes(StandardCharsets.UTF_16BE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(part.length() + 8);
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            int basic = c == ESCAPE ? -1 : BASIC.indexOf(c);
            if (basic >= 0) {
                out.write(basic);
            } else {
                int ext = EXTENSION.indexOf(c);
                if (ext < 0) {
                    throw new IllegalArgumentException("not a GSM-7 character: U+" + Integer.toHexString(c));
                }
                out.write(ESCAPE);
                out.write(EXTENSION_CODES[ext]);
            }
        }
        return out.toByteArray();
    }

    /** The inverse of {@link #encode} for GSM-7 (used by test SMSCs and for logging what was sent). */
    public static String decodeGsm7(byte[] septets) {
        StringBuilder s = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int b = septets[i] & 0x7F;
            if (b == ESCAPE && i + 1 < septets.length) {
                byte next = septets[++i];
                for (int e = 0; e < EXTENSION_CODES.length; e++) {
                    if (EXTENSION_CODES[e] == next) {
                        s.append(EXTENSION.charAt(e));
                    }
                }
            } else {
                s.append(BASIC.charAt(b));
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "SmsText[" + encoding + ", " + units() + " units, " + parts() + " part(s)]";
    }
}
