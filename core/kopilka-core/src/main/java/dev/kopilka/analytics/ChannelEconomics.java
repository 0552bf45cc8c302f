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
 * @param registrations          members who joined in the period
 * @param registrationsViaTelegram those who linked Telegram within {@code kopilka.analytics.telegram-registration-window}
 *                               of joining: the bot registered them, no confirmation SMS was needed
 * @param registrationsViaSms    the others, assumed confirmed by one paid SMS each (a till without SMS confirmation
 *                               makes this an upper bound)
 * @param confirmationSmsSpendKopecks registrationsViaSms × smsPriceKopecks
 * @param confirmationSmsSavedKopecks registrationsViaTelegram × smsPriceKopecks
 */
public record ChannelEconomics(List<ChannelMessages> byChannel, long smsSpendKopecks, long telegramDelivered,
        long smsPriceKopecks, long smsSpendAvoidedKopecks, List<ReachDay> telegramReach, long registrations,
        long registrationsViaTelegram, long registrationsViaSms, long confirmationSmsSpendKopecks,
        long confirmationSmsSavedKopecks) {

    public ChannelEconomics {
        byChannel = List.copyOf(byChannel);
        telegramReach = List.copyOf(telegramReach);
    }
}
