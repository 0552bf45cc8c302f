package dev.kopilka.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written instant text in {@link Json} must be exactly what the Java time module writes and reads: stored
 * sales are read back for ever, by this version and by earlier ones.
 */
class JsonInstantTest {

    record Holder(Instant at, List<Instant> more) {
    }

    private static final ObjectMapper MODULE = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private static List<Instant> samples() {
        List<Instant> all = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("2026-12-03T14:13:43.459184522Z"),
                Instant.parse("2026-12-03T14:13:43.459Z"), Instant.parse("2026-12-03T14:13:43.459184Z"),
                Instant.parse("2024-02-29T23:59:59Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long seconds = r.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            all.add(Instant.ofEpochSecond(seconds, nanos));
        }
        return all;
    }

    @Test
    void writesWhatTheJavaTimeModuleWritesAndReadsItBack() throws Exception {
        Json json = new Json();
        List<Instant> all = samples();
        Holder h = new Holder(all.get(3), all);
        String ours = json.write(h);
        assertThat(ours).isEqualTo(MODULE.writeValueAsString(h));
        assertThat(json.read(ours, Holder.class)).isEqualTo(h);
        assertThat(MODULE.readValue(ours, Holder.class)).isEqualTo(h);
    }

    @Test
    void theFastParserAgreesWithInstantParseOrDeclines() {
        for (Instant i : samples()) {
            String text = i.toString();
            Instant fast = Json.InstantCodec.parse(text);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(Instant.parse(text));
            }
        }
        assertThat(Json.InstantCodec.parse("2026-12-03T14:13:43.459184522Z")).isNotNull();
        for (String odd : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-03T24:00:00Z",
                "2026-12-03T14:13:43.Z", "2026-12-03T14:13:43.1234567890Z", "2026-12-03T14:13:43+03:00",
                "2026-12-03 14:13:43Z", "+12026-12-03T14:13:43Z", "2026-12-03T14:13:4xZ")) {
            assertThat(Json.InstantCodec.parse(odd)).as(odd).isNull();
        }
    }

    @Test
    void otherIsoFormsAndNumbersStillRead() {
        Json json = new Json();
        assertThat(json.read("{\"at\":\"2026-12-03T17:13:43.5+03:00\",\"more\":[]}", Holder.class).at())
                .isEqualTo(Instant.parse("2026-12-03T14:13:43.5Z"));
        assertThat(json.read("{\"at\":1.5,\"more\":[\"+10000-01-01T00:00:00Z\"]}", Holder.class))
                .isEqualTo(new Holder(Instant.ofEpochSecond(1, 500_000_000), List.of(Instant.parse("+10000-01-01T00:00:00Z"))));
    }
}
