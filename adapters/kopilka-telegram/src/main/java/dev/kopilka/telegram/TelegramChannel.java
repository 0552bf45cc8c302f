package dev.kopilka.telegram;

import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The free channel: sends an {@link OutboundMessage} to the member's private chat with the bot. Plain text is
 * HTML-escaped and split into parts of at most {@value TelegramText#MESSAGE_LIMIT} characters; every part
 * waits for the shared {@link TelegramRateLimiter}. Every Bot API answer maps to a {@link SendResult}
 * ({@link TelegramAnswers}); nothing throws. With {@code kopilka.telegram.paid-broadcast=true} marketing
 * messages carry {@code allow_paid_broadcast} (0.1 Star each, up to 1000/s).
 */
public final class TelegramChannel implements MessageChannel {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramChannel.class);

    private final TelegramConnection connection;
    private final boolean ownsConnection;

    private TelegramChannel(TelegramConnection connection, boolean ownsConnection) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
    }

    /** A channel on a connection shared with the bot; closing the channel leaves the connection open. */
    public static TelegramChannel on(TelegramConnection connection) {
        return new TelegramChannel(connection, false);
    }

    /** A channel with its own connection, closed with it. */
    public static TelegramChannel create(TelegramSettings settings) {
        return new TelegramChannel(TelegramConnection.open(settings), true);
    }

    @Override
    public Channel channel() {
        return Channel.TELEGRAM;
    }

    @Override
    public boolean canReach(OutboundMessage message) {
        return message.telegramChatId() != null && message.telegramChatId() != 0;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        if (!canReach(message)) {
            return new SendResult.Permanent("the member has no Telegram chat with the bot", true, false);
        }
        long chatId = message.telegramChatId();
        boolean paid = connection.settings().paidBroadcast() && message.purpose() == MessagePurpose.MARKETING;
        List<String> parts = TelegramText.split(message.text(), TelegramText.MESSAGE_LIMIT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            SendResult result = sendPart(chatId, parts.get(i), paid);
            if (result instanceof SendResult.Accepted accepted) {
                ids.add(accepted.providerMessageId());
                continue;
            }
            LOG.debug("telegram send {} part {}/{} to chat {}: {}", message.reference(), i + 1, parts.size(), chatId,
                    result);
            if (i > 0 && result instanceof SendResult.Retryable r) {
                // the first parts reached the member: a blind resend would repeat them
                return new SendResult.Retryable(r.reason() + " (after " + i + " of " + parts.size()
                        + " parts were delivered)", r.retryAfter(), true);
            }
            return result;
        }
        return new SendResult.Accepted(String.join(",", ids), OptionalLong.of(0), parts.size());
    }

    private SendResult sendPart(long chatId, String plain, boolean paid) {
        TelegramRateLimiter.Slot slot;
        try {
            slot = connection.limiter().acquire(chatId, connection.settings().maxWait(), paid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.Retryable.after("interrupted while waiting for the Telegram rate limit", null);
        }
        if (!slot.granted()) {
            return SendResult.Retryable.after("Telegram rate limit: the next slot for this chat is in "
                    + slot.wouldWait().toMillis() + " ms", roundUp(slot.wouldWait()));
        }
        try {
            return execute(chatId, plain, paid);
        } finally {
            slot.permit().done();
        }
    }

    private SendResult execute(long chatId, String plain, boolean paid) {
        SendMessage.SendMessageBuilder<?, ?> request = SendMessage.builder().chatId(chatId)
                .text(TelegramText.escapeHtml(plain)).parseMode(ParseMode.HTML);
        if (paid) {
            request.allowPaidBroadcast(true);
        }
        try {
            Message sent = connection.client().execute(request.build());
            return SendResult.Accepted.free(String.valueOf(sent.getMessageId()));
        } catch (TelegramApiException e) {
            SendResult result = TelegramAnswers.map(e);
            if (result instanceof SendResult.Retryable r && r.retryAfter() != null) {
                connection.limiter().pause(r.retryAfter());
            }
            return result;
        } catch (RuntimeException e) {
            // not a Telegram answer: a bug or a library surprise; it may or may not have gone out
            return new SendResult.Retryable("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), null,
                    true);
        }
    }

    private static Duration roundUp(Duration d) {
        long millis = d.toMillis() + 1;
        return Duration.ofMillis(millis);
    }

    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }
}
