package dev.kopilka.checkout;

import dev.kopilka.Require;
import java.math.BigDecimal;

/**
 * One receipt line as the till sends it.
 *
 * @param id         unique within the receipt; returns refer to it
 * @param quantity   pieces or weight (positive); partial returns are by quantity
 * @param amount     the line total in kopecks after the retailer's own discounts
 * @param minAmount  the line may not go below this with points and promo discounts (MAXMA {@code minPrice})
 * @param noRedeem   points may not pay for this line (MAXMA {@code noApplyBonuses})
 * @param noEarn     this line earns no points: gift cards, tobacco... (MAXMA {@code noCollectBonuses})
 * @param noPromo    promo codes do not discount this line
 */
public record Line(String id, String sku, String category, BigDecimal quantity, long amount, long minAmount,
        boolean noRedeem, boolean noEarn, boolean noPromo) {

    public Line {
        Require.token(id, "line.id", 64);
        Require.token(sku, "line[" + id + "].sku", 128);
        Require.present(quantity, "line[" + id + "].quantity");
        Require.that(quantity.signum() > 0, "line[" + id + "].quantity", "must be positive", quantity);
        Require.nonNegative(amount, "line[" + id + "].amount");
        Require.nonNegative(minAmount, "line[" + id + "].minAmount");
        Require.that(minAmount <= amount, "line[" + id + "].minAmount", "must not exceed the line amount " + amount,
                minAmount);
        quantity = quantity.stripTrailingZeros();
    }

    /** A plain line: earns, redeemable, promo-eligible, no minimum. */
    public static Line of(String id, String sku, long quantity, long amount) {
        return new Line(id, sku, null, BigDecimal.valueOf(quantity), amount, 0, false, false, false);
    }

    public Line asNoRedeem() {
        return new Line(id, sku, category, quantity, amount, minAmount, true, noEarn, noPromo);
    }

    public Line asNoEarn() {
        return new Line(id, sku, category, quantity, amount, minAmount, noRedeem, true, noPromo);
    }

    public Line asNoPromo() {
        return new Line(id, sku, category, quantity, amount, minAmount, noRedeem, noEarn, true);
    }

    public Line withMinAmount(long kopecks) {
        return new Line(id, sku, category, quantity, amount, kopecks, noRedeem, noEarn, noPromo);
    }

    public Line withCategory(String newCategory) {
        return new Line(id, sku, newCategory, quantity, amount, minAmount, noRedeem, noEarn, noPromo);
    }
}
