package dev.kopilka.messaging.port;

import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import java.time.Duration;
import java.time.Instant;

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

    /**
     * How long after acceptance this channel still asks the provider for a message's report (it polls): after a
     * restart messaging hands such messages still without a final report back through {@link #awaitReport}, since
     * the channel's watch list lived in memory. {@link Duration#ZERO} (the default): the channel does not poll.
     */
    default Duration reportWatch() {
        return Duration.ZERO;
    }

    /** Watches an accepted message's report again (after a restart), as if accepted at {@code acceptedAt}. */
    default void awaitReport(String providerMessageId, Instant acceptedAt) {
    }

    @Override
    default void close() {
    }
}
