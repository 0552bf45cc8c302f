package dev.kopilka.messaging;

/**
 * Why a message is sent. Marketing needs the member's consent for the channel and respects quiet hours and
 * frequency caps; transactional messages (a confirmation code, a receipt thank-you with the balance) do not.
 */
public enum MessagePurpose {
    MARKETING,
    TRANSACTIONAL
}
