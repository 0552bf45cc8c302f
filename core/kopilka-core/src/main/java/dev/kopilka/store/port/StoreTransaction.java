package dev.kopilka.store.port;

import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.checkout.port.CheckoutStore;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.member.port.MemberStore;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.promo.port.PromoCodeStore;
import dev.kopilka.segment.port.MemberStatsStore;

/**
 * The per-feature stores, all bound to one transaction of one program. Everything written through them
 * commits together or not at all.
 */
public interface StoreTransaction {

    MemberStore members();

    LedgerStore ledger();

    CheckoutStore checkout();

    PromoCodeStore promoCodes();

    /** Member statistics for segments and time-based triggers. */
    default MemberStatsStore stats() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no member statistics");
    }

    /** The message outbox. */
    default OutboxStore outbox() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no message outbox");
    }

    /** Campaign participations and sweep run claims. */
    default CampaignStore campaigns() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no campaign participations");
    }

    /** A transaction's view made of the given stores (for store implementations). */
    static StoreTransaction of(MemberStore members, LedgerStore ledger, CheckoutStore checkout,
            PromoCodeStore promoCodes) {
        return new Views(members, ledger, checkout, promoCodes, null, null, null);
    }

    /** A transaction's view made of the given stores (for store implementations). */
    static StoreTransaction of(MemberStore members, LedgerStore ledger, CheckoutStore checkout,
            PromoCodeStore promoCodes, MemberStatsStore stats, OutboxStore outbox, CampaignStore campaigns) {
        return new Views(members, ledger, checkout, promoCodes, stats, outbox, campaigns);
    }

    /** A transaction's view made of the given stores (for store implementations). */
    static StoreTransaction of(MemberStore members, LedgerStore ledger, CheckoutStore checkout,
            PromoCodeStore promoCodes, MemberStatsStore stats, OutboxStore outbox) {
        return new Views(members, ledger, checkout, promoCodes, stats, outbox, null);
    }

    /** The plain implementation behind {@link #of}; a null store is one this store does not keep. */
    record Views(MemberStore members, LedgerStore ledger, CheckoutStore checkout, PromoCodeStore promoCodes,
            MemberStatsStore statsOrNull, OutboxStore outboxOrNull, CampaignStore campaignsOrNull)
            implements StoreTransaction {

        @Override
        public CampaignStore campaigns() {
            return campaignsOrNull != null ? campaignsOrNull : StoreTransaction.super.campaigns();
        }

        @Override
        public MemberStatsStore stats() {
            return statsOrNull != null ? statsOrNull : StoreTransaction.super.stats();
        }

        @Override
        public OutboxStore outbox() {
            return outboxOrNull != null ? outboxOrNull : StoreTransaction.super.outbox();
        }
    }
}
