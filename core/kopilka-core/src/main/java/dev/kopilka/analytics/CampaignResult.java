package dev.kopilka.analytics;

import java.time.Duration;
import java.util.List;

/**
 * One campaign's outcome for participations in a period. See docs/analytics.md for every formula.
 *
 * @param audience                 treated + control participations (capped ones are not counted)
 * @param attributionWindow        how long after each participation purchases count
 * @param messageCostKopecks       the campaign's messages' cost, every channel
 * @param pointsRedeemed           campaign points actually spent (granted − outstanding − expired)
 * @param pointsRedeemedKopecks    their money value at {@code kopilka.points.value}
 * @param promoDiscountKopecks     discounts given by the campaign's promo codes
 * @param costKopecks              message cost + redeemed points' value + promo discounts
 * @param attributedRoi            (treated revenue − cost) / cost, not incremental
 * @param incrementalRevenueKopecks treated revenue − treated size × control revenue per member (null when undefined)
 * @param incrementalInterval      its confidence interval (Welch, normal approximation; null when undefined)
 * @param incrementalRoi           (incremental revenue × gross margin − cost) / cost
 */
public record CampaignResult(String campaignId, ReportPeriod period, Duration attributionWindow, long audience,
        GroupStats treated, GroupStats control, List<ChannelMessages> messages, long messageCostKopecks,
        long pointsGranted, long pointsRedeemed, long pointsExpired, long pointsRedeemedKopecks,
        long promoDiscountKopecks, long costKopecks, Roi attributedRoi, Long incrementalRevenueKopecks,
        Interval incrementalInterval, Roi incrementalRoi) {

    public CampaignResult {
        messages = List.copyOf(messages);
    }
}
