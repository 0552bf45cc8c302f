package dev.kopilka.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

/** The COPY text encoder against the plain definition: escape, then {@link String#getBytes} as UTF-8. */
class CopyTextTest {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final CopyIn copy = (CopyIn) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {CopyIn.class}, (proxy, method, args) -> {
                if (method.getName().equals("writeToCopy") && args.length == 3) {
                    sent.write((byte[]) args[0], (int) args[1], (int) args[2]);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private static String expected(String value) {
        if (value == null) {
            return "\\N";
        }
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Test
    void valuesAcrossManyBufferBoundariesAreEncodedAsUtf8AndEscaped() throws Exception {
        Random random = new Random(42);
        String alphabet = "aZ09 \\\t\n\r'\",;ёжЖ€✓\uD83D\uDE00\uD83D\uDC4D";
        StringBuilder reference = new StringBuilder();
        CopyText out = new CopyText(copy);
        for (int row = 0; row < 3_000; row++) {
            for (int column = 0; column < 3; column++) {
                String value = null;
                if (random.nextInt(10) > 0) {
                    StringBuilder v = new StringBuilder();
                    int length = random.nextInt(row % 100 == 0 ? 40_000 : 60);
                    for (int i = 0; i < length; i++) {
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
                out.text(value).tab();
                reference.append(expected(value)).append('\t');
            }
            Instant at = Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
            out.instant(at).tab().instant(null).tab().ascii("MARKETING").endRow();
            reference.append(Sql.nanos(at)).append("\t\\N\tMARKETING\n");
        }
        out.flush();
        assertThat(sent.toByteArray().length).isGreaterThan(10 * CopyText.BUFFER);
        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo(reference.toString());
    }

    @Test
    void anUnpairedSurrogateBecomesAQuestionMarkLikeStringGetBytes() throws Exception {
        String broken = "a\uD83Db\uDE00c\uD83D";
        new CopyText(copy).text(broken).flush();
        assertThat(sent.toByteArray()).isEqualTo(broken.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void extremeInstantsAreWrittenAsTheirNanoseconds() throws Exception {
        Instant min = Instant.ofEpochSecond(-9_223_372_036L, 1);
        Instant max = Instant.ofEpochSecond(9_223_372_036L, 854_775_807);
        new CopyText(copy).instant(min).tab().instant(Instant.EPOCH).tab().instant(max).flush();
        assertThat(sent.toString(StandardCharsets.US_ASCII))
                .isEqualTo("-9223372035999999999\t0\t" + Long.MAX_VALUE);
    }
}
