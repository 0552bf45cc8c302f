package dev.kopilka.campaign;

import java.time.LocalDateTime;

/**
 * What starts a campaign for a member. Event triggers run inside the transaction of their event; the others
 * run in the daily sweep. Amounts are in kopecks, day counts are calendar days in the program's zone.
 */
public sealed interface Trigger {

    /** Whether the daily sweep (rather than a domain event) finds the members. */
    default boolean swept() {
        return !(this instanceof MemberRegistered || this instanceof TelegramConnected
                || this instanceof PurchaseCompleted || this instanceof ReceiptAtLeast);
    }

    /** A member joined the program. Occurs once per member. */
    record MemberRegistered() implements Trigger {
    }

    /** A member linked the Telegram bot for the first time. Occurs once per member (relinking earns nothing). */
    record TelegramConnected() implements Trigger {
    }

    /**
     * A purchase completed with a receipt total in [minKopecks, maxKopecks] (null max: open). Occurs once per
     * receipt.
     */
    record PurchaseCompleted(long minKopecks, Long maxKopecks) implements Trigger {
        public PurchaseCompleted {
            if (minKopecks < 0 || (maxKopecks != null && maxKopecks < minKopecks)) {
                throw new IllegalArgumentException("amount band [" + minKopecks + ", " + maxKopecks + "] is empty");
            }
        }

        public boolean matches(long totalKopecks) {
            return totalKopecks >= minKopecks && (maxKopecks == null || totalKopecks <= maxKopecks);
        }
    }

    /** A receipt at or above the threshold. Occurs once per receipt. */
    record ReceiptAtLeast(long kopecks) implements Trigger {
    }

    /**
     * No purchase (or, for a member who never bought, no activity since joining) for {@code days} to
     * {@code maxDays} days. Occurs once per lapse: a purchase starts a new one.
     */
    record InactiveFor(int days, int maxDays) implements Trigger {
    }

    /** The birthday is {@code days} days away (0 = on the day). Occurs once per birthday (year). */
    record BirthdayIn(int days) implements Trigger {
    }

    /** Some of the member's points expire within {@code days} days. Occurs once per expiry date. */
    record PointsExpiringWithin(int days) implements Trigger {
    }

    /** A manual mailing to the audience at a local date-time. Occurs once. */
    record Broadcast(LocalDateTime at) implements Trigger {
    }
}
