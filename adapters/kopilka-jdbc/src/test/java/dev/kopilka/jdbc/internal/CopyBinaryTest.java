package dev.kopilka.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

/** The binary COPY encoder, read back by a plain decoder of the format (PostgreSQL's own reader runs in the kits). */
class CopyBinaryTest {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final CopyIn copy = (CopyIn) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {CopyIn.class}, (proxy, method, args) -> {
                if (method.getName().equals("writeToCopy") && args.length == 3) {
                    sent.write((byte[]) args[0], (int) args[1], (int) args[2]);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    /** Rows of fields: byte[] values, null for SQL NULL. */
    private List<List<byte[]>> decode() {
        ByteBuffer in = ByteBuffer.wrap(sent.toByteArray());
        byte[] signature = new byte[11];
        in.get(signature);
        assertThat(new String(signature, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("PGCOPY");
        assertThat(Arrays.copyOfRange(signature, 6, 11)).containsExactly('\n', 0xFF, '\r', '\n', 0);
        assertThat(in.getInt()).as("flags").isZero();
        assertThat(in.getInt()).as("header extension").isZero();
        List<List<byte[]>> rows = new ArrayList<>();
        for (short fields = in.getShort(); fields != -1; fields = in.getShort()) {
            List<byte[]> row = new ArrayList<>();
            for (int f = 0; f < fields; f++) {
                int length = in.getInt();
                if (length == -1) {
                    row.add(null);
                } else {
                    byte[] value = new byte[length];
                    in.get(value);
                    row.add(value);
                }
            }
            rows.add(row);
        }
        assertThat(in.remaining()).as("bytes after the trailer").isZero();
        return rows;
    }

    @Test
    void rowsAcrossManyBufferBoundariesReadBackAsWritten() throws Exception {
        Random random = new Random(42);
        String alphabet = "aZ09 \\\t\n\r'\",;ёжЖ€✓\uD83D\uDE00\uD83D\uDC4D";
        List<String> texts = new ArrayList<>();
        List<Instant> instants = new ArrayList<>();
        CopyBinary out = new CopyBinary(copy);
        for (int row = 0; row < 3_000; row++) {
            String value = null;
            if (random.nextInt(10) > 0) {
                StringBuilder v = new StringBuilder();
                // now and then longer than the buffer: written around it
                int length = random.nextInt(row % 100 == 0 ? 40_000 : 60);
                while (v.length() < length) {
                    int at = random.nextInt(alphabet.length());
                    char c = alphabet.charAt(at);
                    if (Character.isHighSurrogate(c)) {
                        v.append(c).append(alphabet.charAt(at + 1));
                    } else if (!Character.isLowSurrogate(c)) {
                        v.append(c);
                    }
                }
                value = v.toString();
            }
            Instant at = random.nextInt(5) == 0 ? null : Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
            texts.add(value);
            instants.add(at);
            out.row(4).text(value).instant(at).int4(row - 1_500).int8(Long.MIN_VALUE + row);
        }
        out.finish();
        assertThat(sent.size()).isGreaterThan(10 * CopyBinary.BUFFER);
        List<List<byte[]>> rows = decode();
        assertThat(rows).hasSize(3_000);
        for (int row = 0; row < rows.size(); row++) {
            List<byte[]> r = rows.get(row);
            assertThat(r).hasSize(4);
            String text = texts.get(row);
            assertThat(r.get(0)).isEqualTo(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
            Instant at = instants.get(row);
            assertThat(r.get(1)).isEqualTo(at == null ? null : ByteBuffer.allocate(8).putLong(Sql.nanos(at)).array());
            assertThat(ByteBuffer.wrap(r.get(2)).getInt()).isEqualTo(row - 1_500);
            assertThat(r.get(2)).hasSize(4);
            assertThat(ByteBuffer.wrap(r.get(3)).getLong()).isEqualTo(Long.MIN_VALUE + row);
            assertThat(r.get(3)).hasSize(8);
        }
    }

    @Test
    void anUnpairedSurrogateBecomesAQuestionMarkLikeStringGetBytes() throws Exception {
        String broken = "a\uD83Db\uDE00c\uD83D";
        new CopyBinary(copy).row(1).text(broken).finish();
        assertThat(decode().get(0).get(0)).isEqualTo(broken.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyStreamIsTheHeaderAndTheTrailer() throws Exception {
        new CopyBinary(copy).finish();
        assertThat(decode()).isEmpty();
        assertThat(sent.size()).isEqualTo(11 + 4 + 4 + 2);
    }
}
