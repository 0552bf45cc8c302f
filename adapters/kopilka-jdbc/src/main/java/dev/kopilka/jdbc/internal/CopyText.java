package dev.kopilka.jdbc.internal;

import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's {@code COPY} text format, encoded as UTF-8 straight into a byte buffer that is handed to the driver
 * whenever it fills, so the server parses the first rows while later ones are still being encoded. Backslash, tab,
 * newline and carriage return are escaped, {@code null} is {@code \N}; an unpaired surrogate becomes {@code ?} (as
 * {@link String#getBytes} would make it). Only pgjdbc types here: used only where the connection is pgjdbc's.
 */
final class CopyText {

    /** Bytes handed to the driver at a time. */
    static final int BUFFER = 64 * 1024;
    private static final byte[] NULL = {'\\', 'N'};

    private final CopyIn copy;
    private final byte[] buffer = new byte[BUFFER];
    private int size;

    CopyText(CopyIn copy) {
        this.copy = copy;
    }

    /** A text value, escaped; {@code null} as {@code \N}. */
    CopyText text(String value) throws SQLException {
        if (value == null) {
            return raw(NULL);
        }
        byte[] b = buffer;
        int n = size;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            if (n + 4 > BUFFER) {
                size = n;
                flush();
                n = 0;
            }
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        b[n++] = '\\';
                        b[n++] = '\\';
                    }
                    case '\t' -> {
                        b[n++] = '\\';
                        b[n++] = 't';
                    }
                    case '\n' -> {
                        b[n++] = '\\';
                        b[n++] = 'n';
                    }
                    case '\r' -> {
                        b[n++] = '\\';
                        b[n++] = 'r';
                    }
                    default -> b[n++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[n++] = (byte) (0xF0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[n++] = '?';
            }
        }
        size = n;
        return this;
    }

    /** Plain ASCII that needs no escaping (enum names). */
    CopyText ascii(String value) throws SQLException {
        room(value.length());
        for (int i = 0; i < value.length(); i++) {
            buffer[size++] = (byte) value.charAt(i);
        }
        return this;
    }

    /** An instant as the stored epoch nanoseconds; {@code null} as {@code \N}. */
    CopyText instant(Instant value) throws SQLException {
        if (value == null) {
            return raw(NULL);
        }
        long nanos = Sql.nanos(value);
        room(20);
        if (nanos < 0) {
            buffer[size++] = '-';
        }
        int start = size;
        do {
            buffer[size++] = (byte) ('0' + Math.abs(nanos % 10));
            nanos /= 10;
        } while (nanos != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
        return this;
    }

    /** Bytes already in the format. */
    CopyText raw(byte[] bytes) throws SQLException {
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    CopyText tab() throws SQLException {
        room(1);
        buffer[size++] = '\t';
        return this;
    }

    void endRow() throws SQLException {
        room(1);
        buffer[size++] = '\n';
    }

    /** Hands what is buffered to the driver. */
    void flush() throws SQLException {
        if (size > 0) {
            copy.writeToCopy(buffer, 0, size);
            size = 0;
        }
    }

    private void room(int bytes) throws SQLException {
        if (bytes > BUFFER) {
            throw new IllegalArgumentException("a value of " + bytes + " bytes is longer than the copy buffer");
        }
        if (size + bytes > BUFFER) {
            flush();
        }
    }
}
