package dev.kopilka.messaging;

/** The kinds of channel a message can go out by, in the program's default cascade order. */
public enum Channel {
    /** Free: the member linked the program's Telegram bot. */
    TELEGRAM,
    /** Paid per segment: the fallback that reaches every phone. */
    SMS,
    /** Writes to the log: the demo and tests. */
    LOG
}
