package dev.kopilka.analytics;

import java.math.BigDecimal;

/**
 * One group of a campaign (treated or control) in the attribution window after each participation.
 *
 * @param size              participations (a member who took part twice counts twice)
 * @param revenueKopecks    net spend (purchases minus returns) inside the windows
 * @param purchases         purchase receipts inside the windows
 * @param converters        participations followed by at least one purchase
 * @param revenuePerMember  revenue / size in kopecks (null when size is 0)
 * @param conversionRate    converters / size (null when size is 0)
 * @param revenueVariance   sample variance of revenue per participation, kopecks² (null when size &lt; 2)
 */
public record GroupStats(long size, long revenueKopecks, long purchases, long converters, BigDecimal revenuePerMember,
        BigDecimal conversionRate, Double revenueVariance) {
}
