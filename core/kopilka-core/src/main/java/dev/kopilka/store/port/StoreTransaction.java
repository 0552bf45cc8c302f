package dev.kopilka.store.port;

import dev.kopilka.checkout.port.CheckoutStore;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.member.port.MemberStore;
import dev.kopilka.promo.port.PromoCodeStore;

/**
 * The per-feature stores, all bound to one transaction of one program. Everything written through them
 * commits together or not at all.
 */
public interface StoreTransaction {

    MemberStore members();

    LedgerStore ledger();

    CheckoutStore checkout();

    PromoCodeStore promoCodes();

    /** A transaction's view made of the given stores (for store implementations). */
    static StoreTransaction of(MemberStore members, LedgerStore ledger, CheckoutStore checkout,
            PromoCodeStore promoCodes) {
        return new Views(members, ledger, checkout, promoCodes);
    }

    /** The plain implementation behind {@link #of}. */
    record Views(MemberStore members, LedgerStore ledger, CheckoutStore checkout, PromoCodeStore promoCodes)
            implements StoreTransaction {
    }
}
