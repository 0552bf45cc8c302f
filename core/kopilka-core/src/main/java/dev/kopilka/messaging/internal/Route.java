package dev.kopilka.messaging.internal;

import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.port.MessageChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cascade for one message: the first channel of the configured order that is wired, not excluded, allowed
 * (marketing needs the channel's consent), has the member's address and does not have the member marked
 * unreachable. When none qualifies, {@link #why} says for each channel why not.
 */
record Route(Channel channel, OutboundMessage outbound, String why) {

    static Route choose(List<Channel> cascade, Map<Channel, MessageChannel> channels, OutboxMessage message,
            Member member, Set<Channel> unreachable, Set<Channel> excluded) {
        OutboundMessage outbound = new OutboundMessage(message.id(), message.member(), member.telegramUserId(),
                member.phone(), message.text(), message.purpose());
        List<String> reasons = new ArrayList<>();
        for (Channel c : cascade) {
            String refusal = refusal(c, channels.get(c), message.purpose(), member, unreachable, excluded, outbound);
            if (refusal == null) {
                return new Route(c, outbound, null);
            }
            reasons.add(c.name().toLowerCase(java.util.Locale.ROOT) + ": " + refusal);
        }
        return new Route(null, outbound, reasons.isEmpty() ? "no channel in the cascade" : String.join("; ", reasons));
    }

    private static String refusal(Channel c, MessageChannel wired, MessagePurpose purpose, Member member,
            Set<Channel> unreachable, Set<Channel> excluded, OutboundMessage outbound) {
        if (wired == null) {
            return "not wired";
        }
        if (excluded.contains(c)) {
            return "already failed permanently for this message";
        }
        if (unreachable.contains(c)) {
            return "member marked unreachable";
        }
        if (purpose == MessagePurpose.MARKETING) {
            if (member.blocked()) {
                return "member blocked";
            }
            Consent needed = switch (c) {
                case TELEGRAM -> Consent.TELEGRAM;
                case SMS -> Consent.SMS_MARKETING;
                case LOG -> null;
            };
            if (needed != null && !member.hasConsent(needed)) {
                return "no " + needed + " consent";
            }
        }
        if (c == Channel.TELEGRAM && member.telegramUserId() == null) {
            return "member has not linked Telegram";
        }
        if (c == Channel.SMS && member.phone() == null) {
            return "member has no phone";
        }
        if (!wired.canReach(outbound)) {
            return "channel cannot reach the member";
        }
        return null;
    }

    boolean found() {
        return channel != null;
    }
}
