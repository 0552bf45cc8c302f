package dev.kopilka.telegram;

import dev.kopilka.messaging.SendResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

/**
 * Maps what TelegramBots throws to a {@link SendResult}. The client ignores HTTP status and parses the body,
 * so a Bot API refusal arrives as {@link TelegramApiRequestException} with {@code error_code}; network
 * failures arrive as a {@link TelegramApiException} caused by an {@link IOException}.
 */
final class TelegramAnswers {

    private TelegramAnswers() {
    }

    static SendResult map(TelegramApiException e) {
        if (e instanceof TelegramApiValidationException) {
            return new SendResult.Permanent("rejected before sending: " + e.getMessage(), false, true);
        }
        // "Unable to deserialize response" is a request exception too, with error code 0: not a Bot API answer
        if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null && r.getErrorCode() > 0) {
            return mapApiError(r.getErrorCode(), r.getApiResponse(),
                    r.getParameters() == null ? null : r.getParameters().getRetryAfter());
        }
        IOException io = ioCause(e);
        if (io != null) {
            return mapIo(io);
        }
        // "Unable to deserialize response": an answer came but was garbled; the message may have gone out
        return new SendResult.Retryable("unreadable answer from Telegram: " + e.getMessage(), null, true);
    }

    static SendResult mapApiError(int code, String description, Integer retryAfterSeconds) {
        String text = description == null ? "" : description;
        String reason = code + " " + text;
        String lower = text.toLowerCase(Locale.ROOT);
        if (code == 429) {
            return SendResult.Retryable.after(reason,
                    retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds));
        }
        if (code >= 500) {
            return SendResult.Retryable.after(reason, null);
        }
        if (code == 403) {
            // blocked by the user, user is deactivated, bot can't initiate conversation, bot was kicked
            return new SendResult.Permanent(reason, true, false);
        }
        if (code == 400 && (lower.contains("chat not found") || lower.contains("user not found")
                || lower.contains("peer_id_invalid") || lower.contains("have no rights")
                || lower.contains("group chat was upgraded"))) {
            return new SendResult.Permanent(reason, true, false);
        }
        if (code == 401 || code == 404) {
            // a wrong or revoked token: nothing will go out until an operator fixes it
            return new SendResult.Permanent(reason + " (check kopilka.telegram.token)", false, true);
        }
        if (code == 400) {
            // too long, unparsable entities: our message is wrong, resending it will not help
            return new SendResult.Permanent(reason, false, true);
        }
        return SendResult.Retryable.after("unexpected answer " + reason, null);
    }

    private static SendResult mapIo(IOException io) {
        String message = String.valueOf(io.getMessage()).toLowerCase(Locale.ROOT);
        if (io instanceof ConnectException || io instanceof UnknownHostException
                || io instanceof NoRouteToHostException
                || (io instanceof SocketTimeoutException && message.contains("connect"))) {
            return new SendResult.Retryable("cannot reach Telegram: " + io, null, false);
        }
        if (io instanceof InterruptedIOException) {
            // read or call timeout: the request went out, Telegram may have delivered it
            return new SendResult.Retryable("no answer from Telegram in time: " + io, null, true);
        }
        return new SendResult.Retryable("connection to Telegram failed: " + io, null, true);
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
