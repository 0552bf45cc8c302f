package dev.kopilka.checkout;

import dev.kopilka.Require;
import java.math.BigDecimal;

/** Part of a sale line being returned. */
public record ReturnLine(String lineId, BigDecimal quantity) {

    public ReturnLine {
        Require.token(lineId, "return.lineId", 64);
        Require.present(quantity, "return[" + lineId + "].quantity");
        Require.that(quantity.signum() > 0, "return[" + lineId + "].quantity", "must be positive", quantity);
        quantity = quantity.stripTrailingZeros();
    }

    public static ReturnLine of(String lineId, long quantity) {
        return new ReturnLine(lineId, BigDecimal.valueOf(quantity));
    }
}
