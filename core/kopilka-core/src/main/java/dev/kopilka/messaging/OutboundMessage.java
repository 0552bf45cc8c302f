package dev.kopilka.messaging;

import dev.kopilka.Require;
import dev.kopilka.member.MemberId;

/**
 * One message as a {@link dev.kopilka.messaging.port.MessageChannel} receives it.
 *
 * @param reference      our id of the message; gateways that de-duplicate on a client reference get it, so a
 *                       retry after a lost answer is not sent twice
 * @param telegramChatId the member's chat with the bot (a private chat's id is the user id), null if unlinked
 * @param phone          E.164, null if unknown
 * @param text           plain text; a channel escapes it for its own markup (HTML for Telegram)
 */
public record OutboundMessage(String reference, MemberId member, Long telegramChatId, String phone, String text,
        MessagePurpose purpose) {

    public OutboundMessage {
        Require.token(reference, "message.reference", 64);
        Require.present(member, "message.member");
        Require.present(text, "message.text");
        Require.present(purpose, "message.purpose");
    }
}
