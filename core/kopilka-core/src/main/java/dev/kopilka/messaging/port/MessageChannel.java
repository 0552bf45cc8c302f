package dev.kopilka.messaging.port;

import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;

/**
 * Secondary port: a way to reach members (Telegram, an SMS gateway, the log). Implementations are thread-safe,
 * enforce nothing about cascades or retries (the dispatcher does), and map every provider answer to a
 * {@link SendResult} without throwing. Checked by {@code MessageChannelContract} in kopilka-testkit.
 */
public interface MessageChannel extends AutoCloseable {

    Channel channel();

    /** Whether the message carries an address this channel can use (a chat id, a phone). */
    boolean canReach(OutboundMessage message);

    SendResult send(OutboundMessage message);

    /**
     * Gives the channel where to hand delivery reports it learns later (callbacks, polling, SMPP receipts).
     * Channels without reports ignore it.
     */
    default void deliverReportsTo(DeliveryReports reports) {
    }

    @Override
    default void close() {
    }
}
