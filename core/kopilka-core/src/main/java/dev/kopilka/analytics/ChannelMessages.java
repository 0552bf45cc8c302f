package dev.kopilka.analytics;

/**
 * Messages of one channel. {@code delivered}: a delivery report said so, or Telegram's Bot API accepted the message
 * (Telegram sends no delivery reports). {@code failed}: dead, undeliverable, expired, or reported not delivered.
 *
 * @param channel TELEGRAM, SMS, LOG, or NONE for messages no channel has taken yet
 */
public record ChannelMessages(String channel, long created, long sent, long delivered, long failed,
        long costKopecks) {
}
