package dev.kopilka.ledger;

import dev.kopilka.Require;

/** Points taken away by staff (a correction), once per idempotency key. */
public record Deduction(long points, String idempotencyKey, String reason, String staffId) {

    public Deduction {
        Require.positive(points, "deduction.points");
        Require.token(idempotencyKey, "deduction.idempotencyKey", 128);
        Require.notBlank(reason, "deduction.reason");
    }
}
