package dev.kopilka.jdbc.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.kopilka.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;

/** JSON for the structured values the stores keep as text (receipts, calculations, lot consumptions). */
public final class Json {

    /** Refusals are a sealed family: keep the concrete record's name so it reads back as itself. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@type")
    interface PolymorphicMixin {
    }

    /**
     * Instants as ISO-8601 text in UTC ({@code 2026-12-03T14:13:43.459184522Z}), exactly what the Java time module
     * writes, but formatted and parsed by hand: its formatter was a third of a replay's JVM time (a sale keeps four).
     * Text in any other ISO form still reads through the module's parser.
     */
    static final class InstantCodec {

        private InstantCodec() {
        }

        static final JsonSerializer<Instant> WRITER = new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString()); // Instant.toString is DateTimeFormatter.ISO_INSTANT
            }

            @Override
            public Class<Instant> handledType() {
                return Instant.class;
            }
        };

        static final JsonDeserializer<Instant> READER = new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    Instant fast = parse(p.getText());
                    if (fast != null) {
                        return fast;
                    }
                }
                return InstantDeserializer.INSTANT.deserialize(p, ctxt);
            }

            @Override
            public Class<?> handledType() {
                return Instant.class;
            }
        };

        /**
         * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a four-digit year, as {@link Instant#toString()} writes every
         * instant of years 0–9999; null for anything else (the caller falls back to the full parser).
         */
        static Instant parse(String s) {
            int n = s.length();
            if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                    || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
                return null;
            }
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                    || second < 0 || second > 59) {
                return null;
            }
            int nanos = 0;
            if (n > 20) {
                int fraction = n - 21;
                if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                    return null;
                }
                int f = digits(s, 20, fraction);
                if (f < 0) {
                    return null;
                }
                nanos = f;
                for (int i = fraction; i < 9; i++) {
                    nanos *= 10;
                }
            }
            if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
                return null;
            }
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
        }

        /** The decimal number of {@code count} digits at {@code from}; -1 if any is not a digit. */
        private static int digits(String s, int from, int count) {
            int v = 0;
            for (int i = from; i < from + count; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("kopilka-instants").addSerializer(Instant.class, InstantCodec.WRITER)
                    .addDeserializer(Instant.class, InstantCodec.READER))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(Refusal.class, PolymorphicMixin.class)
            .build();

    /** Readers and writers bound to a type once, instead of a root (de)serializer look-up on every call. */
    private final ConcurrentHashMap<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    public String write(Object value) {
        try {
            return value == null ? mapper.writeValueAsString(null)
                    : writers.computeIfAbsent(value.getClass(), mapper::writerFor).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return json == null ? null : readers.computeIfAbsent(type, mapper::readerFor).readValue(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored JSON is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored JSON does not match " + type.getType() + ": " + e.getOriginalMessage(), e);
        }
    }
}
