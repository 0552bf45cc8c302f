package dev.kopilka.promo;

import dev.kopilka.ProgramId;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.member.MemberId;
import java.time.Instant;

/** A purchase used a promo code. */
public record PromoCodeRedeemed(ProgramId program, Instant occurredAt, String code, MemberId member, String txid,
        long discountKopecks) implements DomainEvent {
}
