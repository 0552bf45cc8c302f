package dev.kopilka.checkout;

/** Points a product would earn for a member (for product cards on the shelf or the web shop). */
public record ProductPreview(String sku, long price, long pointsEarned) {
}
