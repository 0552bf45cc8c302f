package dev.kopilka.member.port;

/** Secondary port: the members of one program, bound to one store transaction. */
public interface MemberStore {
}
