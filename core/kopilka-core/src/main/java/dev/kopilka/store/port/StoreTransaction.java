package dev.kopilka.store.port;

import dev.kopilka.analytics.port.AnalyticsStore;
import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.checkout.port.CheckoutStore;
import dev.kopilka.checkout.port.RedemptionCodeStore;
import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.port.MemberStore;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.promo.port.PromoCodeStore;
import dev.kopilka.segment.port.MemberStatsStore;
import java.util.Optional;

/**
 * The per-feature stores, all bound to one transaction of one program. Everything written through them
 * commits together or not at all.
 */
public interface StoreTransaction {

    MemberStore members();

    LedgerStore ledger();

    CheckoutStore checkout();

    PromoCodeStore promoCodes();

    /**
     * Begins a sale of receipt {@code txid} to {@code member}: if the receipt was already sold, its record
     * (nothing locked); otherwise the member's lock and then, read after the lock was granted, whether a concurrent
     * till sold the receipt meanwhile and the member's ledger. The hot path of every till: stores that can do it in
     * fewer round trips override it, with exactly these semantics.
     */
    default SaleStart startSale(String txid, MemberId member) {
        Optional<SaleRecord> earlier = checkout().sale(txid);
        if (earlier.isPresent()) {
            return SaleStart.replay(earlier.get());
        }
        Optional<Member> locked = members().lock(member);
        if (locked.isEmpty()) {
            return SaleStart.memberNotFound();
        }
        // Again under the member's lock: a concurrent till may have committed this receipt meanwhile.
        Optional<SaleRecord> concurrent = checkout().sale(txid);
        if (concurrent.isPresent()) {
            return SaleStart.replay(concurrent.get());
        }
        return SaleStart.locked(locked.get(), ledger().memberLedger(member));
    }

    /**
     * Whether the store commits this transaction itself when the work returns (true for transactions the store
     * opened); false when it runs inside a transaction its caller ends (a JDBC store joining an integrator's
     * connection), whose outcome Kopilka never learns.
     */
    default boolean commitsOnReturn() {
        return true;
    }

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

    /** Aggregates for analytics, computed in the store. */
    default AnalyticsStore analytics() {
        throw new UnsupportedOperationException(getClass().getName() + " computes no analytics");
    }

    /** Pending redemption confirmation codes (needed when {@code redemption-confirmation.above-points} is on). */
    default RedemptionCodeStore redemptionCodes() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no redemption confirmation codes");
    }

    /** A transaction's view made of the given stores (for store implementations). */
    static StoreTransaction of(MemberStore members, LedgerStore ledger, CheckoutStore checkout,
            PromoCodeStore promoCodes) {
        return new Views(members, ledger, checkout, promoCodes, null, null, null, null, null);
    }

    /** A transaction's view made of the given stores (for store implementations). */
    static StoreTransaction of(MemberStore members, LedgerStore ledger, CheckoutStore checkout,
            PromoCodeStore promoCodes, MemberStatsStore stats, OutboxStore outbox, CampaignStore campaigns,
            AnalyticsStore analytics) {
        return of(members, ledger, checkout, promoCodes, stats, outbox, campaigns, analytics, null);
    }

    /** A transaction's view made of the given stores (for store implementations). */
    static StoreTransaction of(MemberStore members, LedgerStore ledger, CheckoutStore checkout,
            PromoCodeStore promoCodes, MemberStatsStore stats, OutboxStore outbox, CampaignStore campaigns,
            AnalyticsStore analytics, RedemptionCodeStore redemptionCodes) {
        return new Views(members, ledger, checkout, promoCodes, stats, outbox, campaigns, analytics,
                redemptionCodes);
    }

    /** The plain implementation behind {@link #of}; a null store is one this store does not keep. */
    record Views(MemberStore members, LedgerStore ledger, CheckoutStore checkout, PromoCodeStore promoCodes,
            MemberStatsStore statsOrNull, OutboxStore outboxOrNull, CampaignStore campaignsOrNull,
            AnalyticsStore analyticsOrNull, RedemptionCodeStore redemptionCodesOrNull) implements StoreTransaction {

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

        @Override
        public AnalyticsStore analytics() {
            return analyticsOrNull != null ? analyticsOrNull : StoreTransaction.super.analytics();
        }

        @Override
        public RedemptionCodeStore redemptionCodes() {
            return redemptionCodesOrNull != null ? redemptionCodesOrNull : StoreTransaction.super.redemptionCodes();
        }
    }
}
