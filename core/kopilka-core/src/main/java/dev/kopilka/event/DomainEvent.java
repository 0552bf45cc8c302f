package dev.kopilka.event;

import dev.kopilka.ProgramId;
import java.time.Instant;

/**
 * Something that happened in a program. Events are published after the change that caused them has been
 * committed, in the order they happened within that change.
 */
public interface DomainEvent {

    ProgramId program();

    Instant occurredAt();
}
