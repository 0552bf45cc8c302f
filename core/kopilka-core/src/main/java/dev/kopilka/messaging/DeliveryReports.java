package dev.kopilka.messaging;

/**
 * Where channels hand the provider's delivery reports (callbacks, polled statuses, SMPP receipts). Messaging
 * implements it: the report updates the outbox message's status and cost. Unknown provider ids are logged and
 * ignored (a gateway may report messages of another system sharing the account).
 */
@FunctionalInterface
public interface DeliveryReports {

    void report(DeliveryReport report);
}
