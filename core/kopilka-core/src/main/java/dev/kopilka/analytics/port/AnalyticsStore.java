package dev.kopilka.analytics.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secondary port: the aggregates analytics are made of, computed where the data lives (one set-based query
 * each on SQL stores; nothing is loaded row by row into the JVM). Bound to one store transaction of one
 * program. Periods are half-open {@code [from, until)}. Checked by {@code AnalyticsStoreContract} in
 * kopilka-testkit.
 */
public interface AnalyticsStore {

    /** Ids of the campaigns with a participation in the period, sorted. */
    List<String> campaigns(Instant from, Instant until);

    /** The longest reward validity of the campaign's treated participations (grant expiry − time), if any. */
    Optional<Duration> rewardValidity(String campaignId);

    /**
     * Totals of each campaign's treated and control participations in the period (capped ones are left out), for
     * the campaigns given with their attribution windows: revenue is the member's net spend (purchases minus
     * returns) in {@code [participation time, + window)}. Every campaign asked for is in the answer.
     */
    Map<String, Groups> groups(Map<String, Duration> windows, Instant from, Instant until);

    /** The campaign's messages created in the period, one row per channel (null: not sent by any channel yet). */
    List<MessageTotals> campaignMessages(String campaignId, Instant from, Instant until);

    /**
     * The point lots of each given campaign created in the period (every campaign asked for is in the answer):
     * one pass over the lots and the expiries for all of them.
     */
    Map<String, CampaignPoints> campaignPoints(java.util.Collection<String> campaignIds, Instant from, Instant until);

    /**
     * The promo-code discounts, in kopecks, of the receipts that used a code each given campaign issued in the
     * period (a receipt per use of such a code; its discount as its sale recorded it), summed per campaign. Every
     * campaign asked for is in the answer (0 when none): one query for all of them, never one per receipt.
     */
    Map<String, Long> campaignPromoDiscounts(java.util.Collection<String> campaignIds, Instant from, Instant until);

    /** Every message created in the period, one row per channel. */
    List<MessageTotals> messages(Instant from, Instant until);

    /**
     * Members who joined before {@code until}, bucketed by the day they joined ({@code offsetSeconds} added to
     * UTC before the day is taken): how many, and their net spend so far.
     */
    List<JoinDay> joinDays(long offsetSeconds, Instant until);

    /** Receipts, active and repeat buyers in the period. */
    PurchaseTotals purchases(Instant from, Instant until);

    /** Outstanding points at {@code now} and points expired in the period. */
    PointsTotals points(Instant now, Instant from, Instant until);

    // ---------------------------------------------------------------- Telegram links (written in the event's transaction)

    /** Records that the member linked Telegram at {@code at}, closing a link of theirs still open. */
    void telegramLinked(dev.kopilka.member.MemberId member, Instant at);

    /** Closes the member's open Telegram link at {@code at}; nothing when none is open. */
    void telegramUnlinked(dev.kopilka.member.MemberId member, Instant at);

    /**
     * Telegram links made and ended before {@code until}, bucketed by day like {@link #joinDays}: the running sum
     * of links − unlinks is the number of linked members at the end of each day.
     */
    List<LinkDay> telegramLinkDays(long offsetSeconds, Instant until);

    /**
     * Members who joined in the period, and how many of them linked Telegram within {@code within} of joining
     * (they registered through the bot, which registers and links in one conversation).
     */
    Registrations registrations(Instant from, Instant until, Duration within);

    /** One day's Telegram links and unlinks. */
    record LinkDay(long epochDay, long links, long unlinks) {
    }

    /** Registrations of a period. */
    record Registrations(long total, long viaTelegram) {
    }

    /** A campaign's two groups. */
    record Groups(GroupTotals treated, GroupTotals control) {
    }

    /** One group of a campaign. */
    record GroupTotals(long size, long revenueKopecks, double revenueSquares, long purchases, long converters) {
        public static final GroupTotals EMPTY = new GroupTotals(0, 0, 0, 0, 0);
    }

    /** Messages of one channel; {@code delivered} counts Telegram messages the Bot API accepted (no reports). */
    record MessageTotals(String channel, long created, long sent, long delivered, long failed, long costKopecks) {
    }

    /** Points of a campaign's lots: granted, still outstanding, expired. */
    record CampaignPoints(long granted, long outstanding, long expired) {
    }

    /** One join day. */
    record JoinDay(long epochDay, long joined, long revenueKopecks) {
    }

    /** Receipts and buyers of a period. */
    record PurchaseTotals(long identifiedReceipts, long anonymousReceipts, long activeMembers, long repeatMembers) {
    }

    /** Outstanding points and expiry. */
    record PointsTotals(long available, long pending, long held, long expiredInPeriod) {
    }
}
