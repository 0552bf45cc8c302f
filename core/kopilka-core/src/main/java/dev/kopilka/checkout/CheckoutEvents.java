package dev.kopilka.checkout;

import dev.kopilka.ProgramId;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.member.MemberId;
import java.time.Instant;

/** Events of the checkout. */
public final class CheckoutEvents {

    private CheckoutEvents() {
    }

    /** A purchase completed (one-shot, or a hold confirmed). Money in kopecks. */
    public record PurchaseCompleted(ProgramId program, Instant occurredAt, MemberId member, String txid,
            String storeId, long total, long toPay, long pointsApplied, long pointsEarned, String promoCode)
            implements DomainEvent {
    }

    /** A return was applied to a sale. */
    public record ReturnApplied(ProgramId program, Instant occurredAt, MemberId member, String returnId,
            String saleTxid, long refundKopecks, long pointsRestored, long pointsClawedBack) implements DomainEvent {
    }

    /** A receipt without a card was reported by a till. */
    public record AnonymousReceiptReported(ProgramId program, Instant occurredAt, String receiptId, String storeId,
            long amount) implements DomainEvent {
    }
}
