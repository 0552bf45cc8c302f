package dev.kopilka.ledger;

import dev.kopilka.ProgramId;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.List;

/** Events of the points ledger. */
public final class LedgerEvents {

    private LedgerEvents() {
    }

    /** A lot was created: points earned by a purchase or granted. */
    public record PointsEarned(ProgramId program, Instant occurredAt, MemberId member, String lotId, long points,
            LotSource source, Instant activatesAt, Instant expiresAt, String reference) implements DomainEvent {
    }

    /** Pending points became available (reported when the ledger settles the member). */
    public record PointsActivated(ProgramId program, Instant occurredAt, MemberId member, String lotId, long points)
            implements DomainEvent {
    }

    /** Points expired; {@code occurredAt} is the instant they expired, not when it was noticed. */
    public record PointsExpired(ProgramId program, Instant occurredAt, MemberId member, long points, List<String> lotIds)
            implements DomainEvent {
    }

    /** Points were spent at the till (a one-shot purchase or a confirmed hold). */
    public record PointsRedeemed(ProgramId program, Instant occurredAt, MemberId member, long points, String reference)
            implements DomainEvent {
    }

    /** Points were deducted by staff. */
    public record PointsDeducted(ProgramId program, Instant occurredAt, MemberId member, long points, String reference,
            String reason) implements DomainEvent {
    }

    /** The member's tier changed: upgrades at once, downgrades at review. */
    public record TierChanged(ProgramId program, Instant occurredAt, MemberId member, String from, String to)
            implements DomainEvent {
    }
}
