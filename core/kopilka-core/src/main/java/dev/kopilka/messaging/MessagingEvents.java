package dev.kopilka.messaging;

import dev.kopilka.ProgramId;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.member.MemberId;
import java.time.Instant;

/** Events of messaging. */
public final class MessagingEvents {

    private MessagingEvents() {
    }

    /**
     * The member cannot be reached on the channel any more (blocked the bot, /stop, a number that does not
     * exist): the cascade skips the channel for them and segments see them as unreachable there.
     */
    public record ChannelUnreachable(ProgramId program, Instant occurredAt, MemberId member, Channel channel,
            String reason) implements DomainEvent {
    }

    /** The member can be reached on the channel again (linked the bot again, /start after /stop). */
    public record ChannelReachable(ProgramId program, Instant occurredAt, MemberId member, Channel channel)
            implements DomainEvent {
    }
}
