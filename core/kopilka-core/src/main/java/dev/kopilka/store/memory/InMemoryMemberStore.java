package dev.kopilka.store.memory;

import dev.kopilka.member.port.MemberStore;

/** In-memory {@link MemberStore}: the members of one program. */
public final class InMemoryMemberStore extends InMemoryTable implements MemberStore {

    public InMemoryMemberStore(TransactionLog log) {
        super(log);
    }
}
