package dev.kopilka.analytics;

import java.util.List;

/**
 * What the channels cost and saved in a period.
 *
 * @param smsSpendKopecks        cost of messages sent by SMS
 * @param telegramDelivered      messages Telegram delivered
 * @param smsPriceKopecks        {@code kopilka.analytics.sms-price-kopecks}
 * @param smsSpendAvoidedKopecks telegramDelivered × smsPriceKopecks: what they would have cost by SMS
 * @param telegramReach          one row per day of the period
 */
public record ChannelEconomics(List<ChannelMessages> byChannel, long smsSpendKopecks, long telegramDelivered,
        long smsPriceKopecks, long smsSpendAvoidedKopecks, List<ReachDay> telegramReach) {

    public ChannelEconomics {
        byChannel = List.copyOf(byChannel);
        telegramReach = List.copyOf(telegramReach);
    }
}
