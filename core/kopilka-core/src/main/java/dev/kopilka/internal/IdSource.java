package dev.kopilka.internal;

import java.util.UUID;
import java.util.function.Supplier;

/** Where new ids come from: random UUIDs in production, a seeded sequence in deterministic simulations. */
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

    static IdSource from(Supplier<UUID> uuids) {
        return () -> uuids.get().toString();
    }
}
