package dev.kopilka.messaging;

import dev.kopilka.messaging.port.MessageChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console channel: writes each message to the log (logger {@code dev.kopilka.messaging.LogChannel}) and
 * accepts it at no cost. For the demo, tests and a dry run of campaigns before real channels are connected.
 * Reaches every member; put it last in {@code kopilka.messaging.cascade} (or alone).
 */
public final class LogChannel implements MessageChannel {

    private static final Logger LOG = LoggerFactory.getLogger(LogChannel.class);

    private final AtomicLong sequence = new AtomicLong();

    @Override
    public Channel channel() {
        return Channel.LOG;
    }

    @Override
    public boolean canReach(OutboundMessage message) {
        return true;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String id = "log-" + sequence.incrementAndGet();
        LOG.info("message {} to member {} ({}, chat {}, phone {}): {}", message.reference(), message.member().value(),
                message.purpose(), message.telegramChatId(), message.phone(), message.text());
        return SendResult.Accepted.free(id);
    }
}
