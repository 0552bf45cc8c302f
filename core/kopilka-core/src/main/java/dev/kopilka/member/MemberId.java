package dev.kopilka.member;

import dev.kopilka.Require;

/** Kopilka's own identifier of a member, unique within a program. */
public record MemberId(String value) {

    public static final int MAX_LENGTH = 64;

    public MemberId {
        Require.token(value, "memberId", MAX_LENGTH);
    }

    public static MemberId of(String value) {
        return new MemberId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
