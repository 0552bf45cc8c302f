package dev.kopilka.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's binary {@code COPY} format ({@code FORMAT binary}), written straight into a byte buffer that is handed
 * to the driver whenever it fills, so the server reads the first rows while later ones are still being encoded. The
 * server then parses no text: a {@code BIGINT} is its eight bytes, a {@code VARCHAR}/{@code TEXT} its UTF-8 bytes
 * with their length (nothing to escape). The caller must write each column in the table's type — {@link #text} for
 * character types, {@link #int8}/{@link #instant} for {@code BIGINT}, {@link #int4} for {@code INT} — or the server
 * refuses the row ("incorrect binary data format"). An unpaired surrogate becomes {@code ?} (as
 * {@link String#getBytes} would make it). Only pgjdbc types here: used only where the connection is pgjdbc's.
 */
final class CopyBinary {

    /** Bytes handed to the driver at a time. */
    static final int BUFFER = 64 * 1024;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final CopyIn copy;
    private final byte[] buffer = new byte[BUFFER];
    private int size;

    /** Starts the stream: the signature, no flags, no header extension. */
    CopyBinary(CopyIn copy) {
        this.copy = copy;
        System.arraycopy(SIGNATURE, 0, buffer, 0, SIGNATURE.length);
        size = SIGNATURE.length;
        putInt(0);
        putInt(0);
    }

    /** A row of {@code fields} columns follows. */
    CopyBinary row(int fields) throws SQLException {
        room(2);
        putShort(fields);
        return this;
    }

    /** A character value as UTF-8; {@code null} as SQL NULL. */
    CopyBinary text(String value) throws SQLException {
        if (value == null) {
            return nul();
        }
        int length = value.length();
        if (length * 3 + 4 > BUFFER) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            room(4);
            putInt(bytes.length);
            flush();
            copy.writeToCopy(bytes, 0, bytes.length);
            return this;
        }
        room(length * 3 + 4);
        byte[] b = buffer;
        int at = size;
        int n = at + 4;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                // two chars, room for six bytes was kept: the four of the code point fit
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[n++] = (byte) (0xF0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[n++] = '?';
            }
        }
        size = at;
        putInt(n - at - 4);
        size = n;
        return this;
    }

    /** A {@code BIGINT}. */
    CopyBinary int8(long value) throws SQLException {
        room(12);
        putInt(8);
        putInt((int) (value >>> 32));
        putInt((int) value);
        return this;
    }

    /** An {@code INT}. */
    CopyBinary int4(int value) throws SQLException {
        room(8);
        putInt(4);
        putInt(value);
        return this;
    }

    /** An instant as the stored epoch nanoseconds ({@code BIGINT}); {@code null} as SQL NULL. */
    CopyBinary instant(Instant value) throws SQLException {
        return value == null ? nul() : int8(Sql.nanos(value));
    }

    /** SQL NULL, whatever the column's type. */
    CopyBinary nul() throws SQLException {
        room(4);
        putInt(-1);
        return this;
    }

    /** Ends the stream (the trailer) and hands the rest to the driver; the caller then ends the copy. */
    void finish() throws SQLException {
        room(2);
        putShort(-1);
        flush();
    }

    private void flush() throws SQLException {
        if (size > 0) {
            copy.writeToCopy(buffer, 0, size);
            size = 0;
        }
    }

    private void room(int bytes) throws SQLException {
        if (size + bytes > BUFFER) {
            flush();
        }
    }

    private void putShort(int v) {
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    private void putInt(int v) {
        buffer[size++] = (byte) (v >>> 24);
        buffer[size++] = (byte) (v >>> 16);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }
}
