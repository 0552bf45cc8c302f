package dev.kopilka.demo.cli;

import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMS stand-in of simulations and replays: accepts every message to a phone and charges what a gateway
 * would, a price per SMS segment (GSM-7: 160 characters alone, 153 per part; anything else, e.g. Cyrillic, is
 * UCS-2: 70 alone, 67 per part). Sends nothing anywhere.
 */
public final class PricedSmsChannel implements MessageChannel {

    private final long kopecksPerSegment;
    private final AtomicLong sequence = new AtomicLong();

    public PricedSmsChannel(long kopecksPerSegment) {
        if (kopecksPerSegment < 0) {
            throw new IllegalArgumentException("price per segment must not be negative: " + kopecksPerSegment);
        }
        this.kopecksPerSegment = kopecksPerSegment;
    }

    /** SMS segments the text takes. */
    public static int segments(String text) {
        boolean gsm = text.chars().allMatch(c -> c < 128);
        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        int length = text.length();
        return length <= single ? 1 : (length + part - 1) / part;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean canReach(OutboundMessage message) {
        return message.phone() != null;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        int parts = segments(message.text());
        return new SendResult.Accepted("sim-sms-" + sequence.incrementAndGet(),
                OptionalLong.of(parts * kopecksPerSegment), parts);
    }
}
