package dev.kopilka.sms;

import dev.kopilka.messaging.MessagePurpose;

/**
 * One SMS ready for a gateway: the phone normalised to E.164, the text measured in segments.
 *
 * @param reference our message id (gateways that de-duplicate on a client id get it)
 * @param sender    the alpha name, null for the gateway's default
 */
public record SmsRequest(String reference, String phone, SmsText text, String sender, MessagePurpose purpose) {

    /** The phone without the plus, as the Russian gateways want it. */
    public String digits() {
        return phone.substring(1);
    }
}
