package dev.kopilka.ledger;

import dev.kopilka.Require;
import java.time.Instant;
import java.time.temporal.TemporalAmount;

/**
 * Points given outside a purchase: welcome, campaign, manual (reviews, employee bonuses).
 *
 * @param idempotencyKey makes the grant happen once however often it is sent (required: a campaign re-run
 *                       or a staff double-click must never grant twice)
 * @param validity       how long the points stay valid after activation; null = the program's default
 *                       ({@code kopilka.grants.default-validity})
 * @param activatesAt    when the points become spendable; null = at once
 */
public record Grant(long points, LotSource source, String idempotencyKey, TemporalAmount validity,
        Instant activatesAt, String reason, String staffId) {

    public Grant {
        Require.positive(points, "grant.points");
        Require.present(source, "grant.source");
        Require.that(source != LotSource.PURCHASE && source != LotSource.REGRANT, "grant.source",
                "purchase and regrant lots are created by the checkout only", source);
        Require.token(idempotencyKey, "grant.idempotencyKey", 128);
    }

    public static Grant of(long points, LotSource source, String idempotencyKey) {
        return new Grant(points, source, idempotencyKey, null, null, null, null);
    }

    public Grant validFor(TemporalAmount newValidity) {
        return new Grant(points, source, idempotencyKey, newValidity, activatesAt, reason, staffId);
    }

    public Grant because(String newReason, String byStaffId) {
        return new Grant(points, source, idempotencyKey, validity, activatesAt, newReason, byStaffId);
    }

    public Grant activatingAt(Instant at) {
        return new Grant(points, source, idempotencyKey, validity, at, reason, staffId);
    }
}
