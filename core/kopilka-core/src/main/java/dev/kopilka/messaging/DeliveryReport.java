package dev.kopilka.messaging;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A provider's later word on an accepted message (an SMS delivery receipt, a polled status, a Twilio callback),
 * matched to the outbox by {@code providerMessageId}. The cost may arrive only here.
 */
public record DeliveryReport(Channel channel, String providerMessageId, DeliveryStatus status,
        OptionalLong costKopecks, Instant at, String detail) {

    public DeliveryReport {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(costKopecks, "costKopecks");
        Objects.requireNonNull(at, "at");
    }
}
