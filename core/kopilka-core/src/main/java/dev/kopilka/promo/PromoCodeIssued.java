package dev.kopilka.promo;

import dev.kopilka.ProgramId;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.member.MemberId;
import java.time.Instant;

/** A promo code was created or issued to a member ({@code owner} null for a public code). */
public record PromoCodeIssued(ProgramId program, Instant occurredAt, String code, MemberId owner, String origin)
        implements DomainEvent {
}
