package dev.kopilka.ledger;

import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.List;

/** Points held by an open till ticket. Taken from their lots at hold time; given back if not confirmed. */
public record Reservation(
        String id,
        MemberId member,
        long points,
        List<LotConsumption> consumptions,
        Instant createdAt,
        Instant expiresAt,
        String holdEntryId) {

    public Reservation {
        consumptions = List.copyOf(consumptions);
    }
}
