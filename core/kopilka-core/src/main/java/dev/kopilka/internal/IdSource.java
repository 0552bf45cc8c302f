package dev.kopilka.internal;

import java.util.UUID;
import java.util.function.Supplier;

/** Where new ids come from: random UUIDs in production, a seeded sequence in deterministic simulations. */
@FunctionalInterface
public interface IdSource {

    String next();

    static IdSource randomUuids() {
        return () -> UUID.randomUUID().toString();
    }

    static IdSource from(Supplier<UUID> uuids) {
        return () -> uuids.get().toString();
    }
}
