package dev.kopilka;

import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.List;

/**
 * Why Kopilka refused a request. Each refusal has a stable {@link #code()} for integrators and the
 * number the MAXMA/CloudLoyalty POS protocol uses for the same situation ({@link #maxmaCode()}, 0 when it
 * has none), so a till already speaking that protocol can map them one to one.
 */
public sealed interface Refusal {

    String code();

    int maxmaCode();

    /** A sentence for the cashier's screen or the log. */
    String message();

    record MemberNotFound(String reference) implements Refusal {
        public String code() { return "member_not_found"; }
        public int maxmaCode() { return 3; }
        public String message() { return "no member matches " + reference; }
    }

    /** Another member already has this phone, card, external id or Telegram account. */
    record DuplicateMember(String field, MemberId existing) implements Refusal {
        public String code() { return "duplicate_" + field; }
        public int maxmaCode() {
            return switch (field) {
                case "phone" -> 24;
                case "card" -> 25;
                case "external_id" -> 30;
                default -> 0;
            };
        }
        public String message() { return "member " + existing + " already has this " + field.replace('_', ' '); }
    }

    /** Members set their birthday once; a change needs a staff override with a reason. */
    record BirthdayAlreadySet(java.time.LocalDate current) implements Refusal {
        public String code() { return "birthday_already_set"; }
        public int maxmaCode() { return 0; }
        public String message() { return "the birthday is already set to " + current + "; staff can override it with a reason"; }
    }

    record MemberBlocked(MemberId member) implements Refusal {
        public String code() { return "member_blocked"; }
        public int maxmaCode() { return 4; }
        public String message() { return "member " + member + " is blocked"; }
    }

    /** More points requested than the receipt allows (cap, minimum prices, no-redeem lines) or than available. */
    record RedemptionAboveLimit(long requested, long maxAllowed, long available) implements Refusal {
        public String code() { return "redemption_above_limit"; }
        public int maxmaCode() { return 6; }
        public String message() {
            return requested + " points requested, at most " + maxAllowed + " allowed (" + available + " available)";
        }
    }

    record InsufficientPoints(long requested, long available) implements Refusal {
        public String code() { return "insufficient_points"; }
        public int maxmaCode() { return 6; }
        public String message() { return requested + " points needed, " + available + " available"; }
    }

    /** A promo code that cannot be applied; {@code reason} is the promo check's own code. */
    record PromoCodeRefused(String promoCode, String reason, int maxmaCode, String message) implements Refusal {
        public String code() { return reason; }
    }

    record DuplicatePromoCode(String promoCode) implements Refusal {
        public String code() { return "duplicate_promo_code"; }
        public int maxmaCode() { return 0; }
        public String message() { return "promo code " + promoCode + " already exists"; }
    }

    record PromoExcludesPoints(String promoCode) implements Refusal {
        public String code() { return "promo_excludes_points"; }
        public int maxmaCode() { return 34; }
        public String message() { return "promo code " + promoCode + " cannot be combined with paying by points"; }
    }

    /** The same idempotency key was used before with a different request. Nothing was written. */
    record ConflictingRetry(String operation, String key, List<String> differingFields) implements Refusal {
        public ConflictingRetry {
            differingFields = List.copyOf(differingFields);
        }
        public String code() { return "conflicting_retry"; }
        public int maxmaCode() { return 17; }
        public String message() {
            return operation + " " + key + " was already processed with different " + String.join(", ", differingFields);
        }
    }

    record SaleNotFound(String txid) implements Refusal {
        public String code() { return "sale_not_found"; }
        public int maxmaCode() { return 13; }
        public String message() { return "no completed sale with receipt id " + txid; }
    }

    record TicketNotFound(String ticket) implements Refusal {
        public String code() { return "ticket_not_found"; }
        public int maxmaCode() { return 21; }
        public String message() { return "no hold with ticket " + ticket; }
    }

    record TicketExpired(String ticket, Instant expiredAt) implements Refusal {
        public String code() { return "ticket_expired"; }
        public int maxmaCode() { return 16; }
        public String message() { return "hold " + ticket + " expired at " + expiredAt + "; its points were released"; }
    }

    record TicketClosed(String ticket, String status) implements Refusal {
        public String code() { return "ticket_closed"; }
        public int maxmaCode() { return 15; }
        public String message() { return "hold " + ticket + " is already " + status; }
    }

    record ReturnLineNotInSale(String txid, String lineId) implements Refusal {
        public String code() { return "return_line_not_in_sale"; }
        public int maxmaCode() { return 10; }
        public String message() { return "line " + lineId + " is not in sale " + txid; }
    }

    /** A return of more than was bought (and not yet returned). */
    record ReturnExceedsSale(String txid, String field, String requested, String remaining) implements Refusal {
        public String code() { return "return_exceeds_sale"; }
        public int maxmaCode() { return 11; }
        public String message() {
            return "return of " + field + " " + requested + " exceeds what remains of sale " + txid + ": " + remaining;
        }
    }

    /**
     * The redemption needs the member's confirmation: a one-time code went to the member (Telegram, else SMS);
     * repeat the same request with {@code PurchaseRequest.withConfirmationCode(code)} before {@code expiresAt}.
     * {@code codeSent} is false when the code sent earlier for this receipt is still valid (none was sent again).
     */
    record ConfirmationRequired(String txid, long points, Instant expiresAt, boolean codeSent) implements Refusal {
        public String code() { return "confirmation_required"; }
        public int maxmaCode() { return 0; }
        public String message() {
            return "redeeming " + points + " points needs the code sent to the member" + (codeSent ? "" : " earlier")
                    + "; valid until " + expiresAt;
        }
    }

    /** The code does not match; with no attempts left the code is void and the next request sends a new one. */
    record WrongConfirmationCode(String txid, int attemptsLeft) implements Refusal {
        public String code() { return "wrong_confirmation_code"; }
        public int maxmaCode() { return 0; }
        public String message() {
            return attemptsLeft > 0 ? "wrong confirmation code, " + attemptsLeft + " attempts left"
                    : "wrong confirmation code, no attempts left: repeat the request without a code to send a new one";
        }
    }

    /** A code was given but none is pending for this receipt (expired, used up, or the points changed). */
    record ConfirmationExpired(String txid) implements Refusal {
        public String code() { return "confirmation_expired"; }
        public int maxmaCode() { return 0; }
        public String message() {
            return "no valid confirmation code for receipt " + txid
                    + ": repeat the request without a code to send a new one";
        }
    }
}
