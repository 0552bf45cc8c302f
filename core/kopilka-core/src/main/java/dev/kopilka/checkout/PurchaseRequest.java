package dev.kopilka.checkout;

import dev.kopilka.Require;
import dev.kopilka.member.MemberRef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A receipt at the till.
 *
 * @param member    who buys; null only for {@code calculate} of an anonymous receipt
 * @param storeId   where (segmentation and analytics use it)
 * @param promoCode optional promo code as typed by the cashier
 * @param confirmationCode the one-time code the member read out, when the redemption needs confirmation
 *                  ({@code Refusal.ConfirmationRequired}); not part of the receipt's identity for idempotency
 */
public record PurchaseRequest(MemberRef member, String storeId, List<Line> lines, PointsToApply points,
        String promoCode, String confirmationCode) {

    public static final int MAX_LINES = 1000;

    public PurchaseRequest {
        Require.token(storeId, "storeId", 64);
        Require.present(lines, "lines");
        Require.that(!lines.isEmpty(), "lines", "a receipt needs at least one line", lines.size());
        Require.that(lines.size() <= MAX_LINES, "lines", "at most " + MAX_LINES + " lines", lines.size());
        lines = List.copyOf(lines);
        Set<String> ids = new HashSet<>();
        for (Line line : lines) {
            Require.that(ids.add(line.id()), "line.id", "must be unique within the receipt", line.id());
        }
        points = points == null ? PointsToApply.none() : points;
        if (promoCode != null) {
            promoCode = promoCode.strip();
            Require.token(promoCode, "promoCode", 40);
        }
        if (confirmationCode != null) {
            confirmationCode = confirmationCode.strip();
            Require.that(confirmationCode.matches("[0-9]{4,12}"), "confirmationCode", "must be 4-12 digits",
                    confirmationCode);
        }
        long total = 0;
        for (Line line : lines) {
            total = Math.addExact(total, line.amount());
        }
    }

    public PurchaseRequest(MemberRef member, String storeId, List<Line> lines, PointsToApply points,
            String promoCode) {
        this(member, storeId, lines, points, promoCode, null);
    }

    public static PurchaseRequest of(MemberRef member, String storeId, List<Line> lines) {
        return new PurchaseRequest(member, storeId, lines, PointsToApply.none(), null);
    }

    public PurchaseRequest withPoints(PointsToApply newPoints) {
        return new PurchaseRequest(member, storeId, lines, newPoints, promoCode, confirmationCode);
    }

    public PurchaseRequest withPromoCode(String code) {
        return new PurchaseRequest(member, storeId, lines, points, code, confirmationCode);
    }

    /** The same receipt with the member's one-time code (see {@code Refusal.ConfirmationRequired}). */
    public PurchaseRequest withConfirmationCode(String code) {
        return new PurchaseRequest(member, storeId, lines, points, promoCode, code);
    }

    public long total() {
        return lines.stream().mapToLong(Line::amount).sum();
    }
}
