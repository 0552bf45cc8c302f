package dev.kopilka.checkout;

/**
 * What the receipt calculation decided for one line; all money in kopecks.
 *
 * @param pointsDiscount money value of {@code pointsApplied}
 * @param toPay          what the customer pays in money for the line
 * @param earnBase       the part of {@code toPay} that earns points (0 for no-earn lines)
 * @param maxPoints      the most points this line could take
 */
public record LineCalculation(String lineId, java.math.BigDecimal quantity, long amount, long promoDiscount, long pointsApplied, long pointsDiscount,
        long toPay, long earnBase, long pointsEarned, long maxPoints) {
}
