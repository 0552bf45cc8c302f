package dev.kopilka.sms;

/** The gateway account's balance, and whether it is under {@code kopilka.sms.low-balance}. */
public record Balance(String provider, long kopecks, boolean low) {
}
