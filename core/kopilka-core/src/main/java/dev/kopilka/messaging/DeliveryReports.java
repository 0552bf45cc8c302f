package dev.kopilka.messaging;

/**
 * Where channels hand the provider's delivery reports (callbacks, polled statuses, SMPP receipts). Messaging
 * implements it: the report updates the outbox message's status and cost. Unknown provider ids are logged and
 * ignored (a gateway may report messages of another system sharing the account).
 */
@FunctionalInterface
public interface DeliveryReports {

    void report(DeliveryReport report);

    /**
     * The status a message has after a report: a final status (delivered, failed) is never undone by a later
     * {@code PENDING} (reports arrive out of order: a poll answered before the callback landed); a final status may
     * still be corrected by another final one.
     */
    static DeliveryStatus merged(DeliveryStatus current, DeliveryStatus reported) {
        if (reported == DeliveryStatus.PENDING && current != null && current != DeliveryStatus.PENDING) {
            return current;
        }
        return reported;
    }
}
