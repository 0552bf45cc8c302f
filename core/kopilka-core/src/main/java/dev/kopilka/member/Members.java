package dev.kopilka.member;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The members of a program. Obtain it from {@code Kopilka.members()}. Refusals (a duplicate phone, a second
 * birthday) come back as {@link Outcome.Refused}; nothing is written then.
 */
public interface Members {

    /** Registers a member; a phone, card or external id already in use is refused, never a second member. */
    Outcome<Member> register(ProgramId program, Registration registration);

    Optional<Member> find(ProgramId program, MemberRef member);

    Outcome<Member> updateProfile(ProgramId program, MemberRef member, ProfileChange change);

    /** The member sets their birthday: once. */
    Outcome<Member> setBirthday(ProgramId program, MemberRef member, LocalDate birthday);

    /** Staff correct a birthday; the staff id and reason are kept on the member. */
    Outcome<Member> overrideBirthday(ProgramId program, MemberRef member, LocalDate birthday, String staffId,
            String reason);

    Outcome<Member> setConsent(ProgramId program, MemberRef member, Consent consent, boolean granted);

    /** A blocked member can neither earn nor spend at the till. */
    Outcome<Member> block(ProgramId program, MemberRef member, String reason);

    Outcome<Member> unblock(ProgramId program, MemberRef member);

    Outcome<Member> linkTelegram(ProgramId program, MemberRef member, long telegramUserId);

    Outcome<Member> unlinkTelegram(ProgramId program, MemberRef member);

    long count(ProgramId program);

    /** Members ordered by id, for exports and sweeps. */
    List<Member> page(ProgramId program, MemberId afterExclusive, int limit);
}
