package dev.kopilka.checkout;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberRef;
import java.util.List;

/**
 * The POS API, modelled on the MAXMA/CloudLoyalty till protocol. Obtain it from {@code Kopilka.checkout()}.
 *
 * <p>Idempotency: every writing call is keyed — purchases and holds by the receipt id ({@code txid}),
 * returns by the return id, tickets by themselves — forever. Repeating a call with the same request
 * returns the stored result and writes nothing; the same key with a different request is refused with
 * {@link dev.kopilka.Refusal.ConflictingRetry} naming the fields that differ.
 */
public interface Checkout {

    /** A preview: what applies and what would be earned. Writes nothing. Anonymous when the member is null. */
    Outcome<Calculation> calculate(ProgramId program, PurchaseRequest request);

    /** One-shot purchase: redeem, earn, count the promo code, all in one transaction. */
    Outcome<PurchaseReceipt> purchase(ProgramId program, String txid, PurchaseRequest request);

    /** First phase of a two-phase purchase: reserves the points; confirm or discard the ticket. */
    Outcome<Ticket> hold(ProgramId program, String txid, PurchaseRequest request);

    /** Completes a hold: the reserved points are redeemed, points are earned. Idempotent. */
    Outcome<PurchaseReceipt> confirm(ProgramId program, String ticket);

    /** Cancels a hold: the reserved points go back. Idempotent. */
    Outcome<Discarded> discard(ProgramId program, String ticket);

    /** A preview of a return. Writes nothing. */
    Outcome<ReturnCalculation> calculateReturn(ProgramId program, ReturnRequest request);

    /** Applies a full or partial return: redeemed points go back, earned points are taken back. */
    Outcome<ReturnReceipt> applyReturn(ProgramId program, String returnId, ReturnRequest request);

    /** Points each product would earn for the member (base tier when the member is null). */
    Outcome<List<ProductPreview>> previewProducts(ProgramId program, MemberRef member, List<Line> products);

    /** Records a receipt sold without a card (for the card-usage rate). Idempotent on the receipt id. */
    Outcome<AnonymousReceipt> reportAnonymousReceipt(ProgramId program, AnonymousReceipt receipt);
}
