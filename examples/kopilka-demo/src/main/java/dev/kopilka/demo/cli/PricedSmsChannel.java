package dev.kopilka.demo.cli;

import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.SmsText;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMS stand-in of simulations and replays: accepts every message to a phone and charges what a gateway
 * would, a price per SMS segment counted by {@link SmsText} as the real gateways of {@code kopilka-sms} count
 * them (GSM-7 when every character is in the GSM 03.38 alphabet: 160 alone, 153 per part, extension characters
 * such as {@code €} taking two; otherwise, e.g. Cyrillic, UCS-2: 70 alone, 67 per part). Sends nothing anywhere.
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
        SmsText text = SmsText.of(message.text());
        return new SendResult.Accepted("sim-sms-" + sequence.incrementAndGet(),
                OptionalLong.of(text.costKopecks(kopecksPerSegment)), text.parts());
    }
}
