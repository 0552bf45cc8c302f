package dev.kopilka.ledger;

import dev.kopilka.member.MemberId;
import java.time.Instant;

/**
 * A lot of points: granted once, consumed over time. Pending until {@code activatesAt}; never spendable at
 * or after {@code expiresAt} (when set). The lot's own expiry may be brought forward by the program's
 * inactivity rule; {@link Balance} and statements account for that.
 *
 * @param reference the receipt id, grant key or return id that created the lot
 */
public record Lot(
        String id,
        MemberId member,
        LotSource source,
        long points,
        long remaining,
        Instant createdAt,
        Instant activatesAt,
        Instant expiresAt,
        String reference) {

    public Lot {
        if (points <= 0 || remaining < 0 || remaining > points) {
            throw new IllegalArgumentException("lot " + id + ": points " + points + ", remaining " + remaining);
        }
        if (expiresAt != null && expiresAt.isBefore(activatesAt)) {
            throw new IllegalArgumentException("lot " + id + " expires before it activates");
        }
    }

    public Lot withRemaining(long newRemaining) {
        return new Lot(id, member, source, points, newRemaining, createdAt, activatesAt, expiresAt, reference);
    }

    public boolean isPendingAt(Instant at) {
        return at.isBefore(activatesAt);
    }
}
