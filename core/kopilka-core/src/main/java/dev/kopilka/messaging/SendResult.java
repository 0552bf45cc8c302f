package dev.kopilka.messaging;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a channel made of one send. A channel never throws for a provider's failure: every answer, timeout and
 * garbled reply maps to one of these, so the dispatcher can decide (retry, re-route, dead-letter) and nothing
 * is lost.
 */
public sealed interface SendResult {

    /** The provider took the message. {@code cost} in kopecks when the answer said it (SMS may report it later). */
    record Accepted(String providerMessageId, OptionalLong costKopecks, int parts) implements SendResult {
        public Accepted {
            Objects.requireNonNull(costKopecks, "costKopecks");
            if (parts < 1) {
                throw new IllegalArgumentException("parts must be at least 1: " + parts);
            }
        }

        public static Accepted free(String providerMessageId) {
            return new Accepted(providerMessageId, OptionalLong.of(0), 1);
        }
    }

    /**
     * Try again later: rate limited (429 with {@code retryAfter}), a 5xx, a timeout.
     *
     * @param retryAfter        the provider's requested wait, null to use the dispatcher's backoff
     * @param maybeDelivered    true when the request may have reached the provider (a read timeout after the
     *                          request was written): the dispatcher then follows its policy for ambiguous sends
     *                          instead of blindly resending a marketing message
     */
    record Retryable(String reason, Duration retryAfter, boolean maybeDelivered) implements SendResult {
        public Retryable {
            Objects.requireNonNull(reason, "reason");
        }

        public static Retryable after(String reason, Duration retryAfter) {
            return new Retryable(reason, retryAfter, false);
        }
    }

    /**
     * Will never succeed on this channel: blocked by the user, chat not found, bad number, no route.
     *
     * @param recipientUnreachable true when the member cannot be reached on this channel at all any more (blocked
     *                             the bot, number does not exist): the member is marked so and the message re-routed
     * @param alert                true when an operator must act (insufficient funds, bad credentials)
     */
    record Permanent(String reason, boolean recipientUnreachable, boolean alert) implements SendResult {
        public Permanent {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
