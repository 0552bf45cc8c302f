package dev.kopilka.internal;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where new ids come from: time-ordered UUIDs in production, a seeded sequence in deterministic simulations.
 */
@FunctionalInterface
public interface IdSource {

    String next();

    /**
     * Random version-4 UUIDs from {@link java.util.concurrent.ThreadLocalRandom}: ids are identifiers, not
     * secrets, and {@code UUID.randomUUID()} (SecureRandom) costs several microseconds per purchase.
     */
    static IdSource randomUuids() {
        return () -> {
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb).toString();
        };
    }

    /**
     * Version-7 UUIDs: the Unix time in milliseconds, then 74 random bits ({@link
     * java.util.concurrent.ThreadLocalRandom}). Ids made close in time sort close together, so the database indexes on
     * lot and entry ids take new keys at their right edge — a few hot pages — instead of on a random page of a large
     * index each time (a random page is read, dirtied and, after each checkpoint, logged whole). The wall clock
     * here only orders ids; nothing reads an id back as a time (business time comes from the injected Clock).
     */
    static IdSource timeOrderedUuids() {
        return () -> {
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            long msb = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb).toString();
        };
    }

    static IdSource from(Supplier<UUID> uuids) {
        return () -> uuids.get().toString();
    }
}
