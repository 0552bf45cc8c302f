package dev.kopilka.demo.cli;

import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log channel of simulations: accepts every message free, like {@code LogChannel}, without writing
 * thousands of lines; the summary counts them instead.
 */
final class QuietLogChannel implements MessageChannel {

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
        return SendResult.Accepted.free("sim-log-" + sequence.incrementAndGet());
    }
}
