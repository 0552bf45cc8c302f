package dev.kopilka.campaign;

import dev.kopilka.promo.PromoDiscount;
import java.time.Period;

/** What a campaign does for a treated member; a campaign combines any of them (grant and code before the message). */
public sealed interface Action {

    /** Grants points valid for {@code validity} from the grant (null: the program's grant default). */
    record GrantPoints(long points, Period validity) implements Action {
    }

    /** Issues a single-use personal code valid for {@code validity} from issue, for receipts of at least the minimum. */
    record IssuePromoCode(PromoDiscount discount, Period validity, long minReceiptKopecks) implements Action {
    }

    /**
     * Enqueues a message rendered from the template. Placeholders: {@code {name} {balance} {points}
     * {points_expire_on} {promo_code} {promo_discount} {promo_valid_until} {store}}. Plain text: each channel
     * escapes for itself. {@code validFor}: the message is dropped as stale after this long (null: never).
     */
    record SendMessage(String template, java.time.Duration validFor) implements Action {
    }
}
