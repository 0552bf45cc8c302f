package dev.kopilka.member;

import dev.kopilka.ProgramId;
import dev.kopilka.event.DomainEvent;
import java.time.Instant;
import java.time.LocalDate;

/** Events of the members feature. */
public final class MemberEvents {

    private MemberEvents() {
    }

    public record MemberRegistered(ProgramId program, Instant occurredAt, MemberId member, String homeStore)
            implements DomainEvent {
    }

    public record MemberProfileChanged(ProgramId program, Instant occurredAt, MemberId member) implements DomainEvent {
    }

    public record BirthdaySet(ProgramId program, Instant occurredAt, MemberId member, LocalDate birthday,
            String byStaff) implements DomainEvent {
    }

    public record ConsentChanged(ProgramId program, Instant occurredAt, MemberId member, Consent consent,
            boolean granted) implements DomainEvent {
    }

    public record MemberBlocked(ProgramId program, Instant occurredAt, MemberId member, String reason)
            implements DomainEvent {
    }

    public record MemberUnblocked(ProgramId program, Instant occurredAt, MemberId member) implements DomainEvent {
    }

    public record TelegramLinked(ProgramId program, Instant occurredAt, MemberId member, long telegramUserId)
            implements DomainEvent {
    }

    public record TelegramUnlinked(ProgramId program, Instant occurredAt, MemberId member) implements DomainEvent {
    }
}
