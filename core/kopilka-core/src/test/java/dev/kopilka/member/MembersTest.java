package dev.kopilka.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.Fixture;
import dev.kopilka.InvalidRequestException;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.member.MemberEvents.BirthdaySet;
import dev.kopilka.member.MemberEvents.MemberRegistered;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembersTest {

    private final Fixture f = new Fixture(Fixture.immediate());
    private final Members members = f.kopilka.members();
    private final ProgramId p = f.program;

    @Test
    void aMemberIsFoundByEveryIdentifier() {
        Member anna = members.register(p, Registration.withPhone("8 (999) 123-45-67").card("2000-0001")
                .externalId("crm-17").name("Anna").homeStore("moscow-1").consents(Consent.SMS_MARKETING)).orElseThrow();

        assertThat(anna.phone()).isEqualTo("+79991234567");
        assertThat(anna.joinedAt()).isEqualTo(f.now());
        assertThat(anna.hasConsent(Consent.SMS_MARKETING)).isTrue();
        assertThat(anna.hasConsent(Consent.TELEGRAM)).isFalse();
        for (MemberRef ref : List.of(MemberRef.id(anna.id()), MemberRef.phone("+7 999 123 45 67"),
                MemberRef.card("2000-0001"), MemberRef.externalId("crm-17"))) {
            assertThat(members.find(p, ref)).as("by %s", ref).contains(anna);
        }
        assertThat(f.events).filteredOn(e -> e instanceof MemberRegistered).singleElement()
                .isEqualTo(new MemberRegistered(p, f.now(), anna.id(), "moscow-1"));
    }

    @Test
    void aDuplicateIdentifierNeverMakesASecondMember() {
        Member anna = members.register(p, Registration.withPhone("+79991234567").card("C1").externalId("E1")).orElseThrow();

        Outcome<Member> byPhone = members.register(p, Registration.withPhone("89991234567"));
        Outcome<Member> byCard = members.register(p, Registration.withCard("C1"));
        Outcome<Member> byExternal = members.register(p, Registration.withExternalId("E1"));

        assertThat(byPhone.refusal()).isEqualTo(new Refusal.DuplicateMember("phone", anna.id()));
        assertThat(byPhone.refusal().code()).isEqualTo("duplicate_phone");
        assertThat(byPhone.refusal().maxmaCode()).isEqualTo(24);
        assertThat(byCard.refusal().maxmaCode()).isEqualTo(25);
        assertThat(byExternal.refusal().code()).isEqualTo("duplicate_external_id");
        assertThat(byExternal.refusal().maxmaCode()).isEqualTo(30);
        assertThat(members.count(p)).isEqualTo(1);
    }

    @Test
    void programsAreIsolated() {
        ProgramId other = ProgramId.of("other");
        members.register(p, Registration.withPhone("+79991234567")).orElseThrow();
        assertThat(members.find(other, MemberRef.phone("+79991234567"))).isEmpty();
        assertThat(members.register(other, Registration.withPhone("+79991234567")).isAccepted()).isTrue();
        assertThat(members.count(p)).isEqualTo(1);
        assertThat(members.count(other)).isEqualTo(1);
    }

    @Test
    void theBirthdayIsSetOnceAndOnlyStaffChangeItWithAReason() {
        Member anna = members.register(p, Registration.withPhone("+79991234567")).orElseThrow();
        MemberRef ref = MemberRef.id(anna.id());
        LocalDate may17 = LocalDate.of(1990, 5, 17);

        assertThat(members.setBirthday(p, ref, may17).orElseThrow().birthday()).isEqualTo(may17);
        assertThat(members.setBirthday(p, ref, may17).isAccepted()).isTrue(); // the same again: a harmless retry
        assertThat(members.setBirthday(p, ref, LocalDate.of(1990, 6, 1)).refusal())
                .isEqualTo(new Refusal.BirthdayAlreadySet(may17));

        Member fixed = members.overrideBirthday(p, ref, LocalDate.of(1990, 7, 17), "staff-9", "typo at registration")
                .orElseThrow();
        assertThat(fixed.birthday()).isEqualTo(LocalDate.of(1990, 7, 17));
        assertThat(fixed.birthdayChange()).isEqualTo(new Member.BirthdayChange(may17, "staff-9", "typo at registration", f.now()));
        assertThat(f.events).filteredOn(e -> e instanceof BirthdaySet).hasSize(2);
        assertThatThrownBy(() -> members.overrideBirthday(p, ref, may17, "staff-9", " "))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> members.setBirthday(p, ref, LocalDate.now().plusDays(1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("birthday");
        assertThatThrownBy(() -> members.setBirthday(p, ref, LocalDate.of(1899, 12, 31)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void consentsBlockingAndTelegram() {
        Member anna = members.register(p, Registration.withPhone("+79991234567")).orElseThrow();
        Member boris = members.register(p, Registration.withPhone("+79997654321")).orElseThrow();
        MemberRef ref = MemberRef.id(anna.id());

        assertThat(members.setConsent(p, ref, Consent.TELEGRAM, true).orElseThrow().consents()).containsExactly(Consent.TELEGRAM);
        assertThat(members.setConsent(p, ref, Consent.TELEGRAM, false).orElseThrow().consents()).isEmpty();
        Member blocked = members.block(p, ref, "card sharing").orElseThrow();
        assertThat(blocked.blocked()).isTrue();
        assertThat(blocked.blockedReason()).isEqualTo("card sharing");
        assertThat(members.unblock(p, ref).orElseThrow().blocked()).isFalse();

        assertThat(members.linkTelegram(p, ref, 777L).orElseThrow().telegramUserId()).isEqualTo(777L);
        assertThat(members.linkTelegram(p, MemberRef.id(boris.id()), 777L).refusal())
                .isEqualTo(new Refusal.DuplicateMember("telegram_user", anna.id()));
        assertThat(members.unlinkTelegram(p, ref).orElseThrow().telegramUserId()).isNull();
        assertThat(members.block(p, MemberRef.card("nope"), "x").refusal()).isInstanceOf(Refusal.MemberNotFound.class);
    }

    @Test
    void aProfileChangeToAnIdentifierInUseIsRefused() {
        members.register(p, Registration.withPhone("+79991234567")).orElseThrow();
        Member boris = members.register(p, Registration.withPhone("+79997654321")).orElseThrow();
        assertThat(members.updateProfile(p, MemberRef.id(boris.id()), ProfileChange.none().phone("8 999 123 45 67"))
                .refusal()).isInstanceOf(Refusal.DuplicateMember.class);
        Member renamed = members.updateProfile(p, MemberRef.id(boris.id()), ProfileChange.none().name("Boris K")
                .card("C-9")).orElseThrow();
        assertThat(renamed.name()).isEqualTo("Boris K");
        assertThat(renamed.version()).isEqualTo(boris.version() + 1);
        assertThat(members.find(p, MemberRef.card("C-9"))).contains(renamed);
    }

    @Test
    void membersArePagedInIdOrder() {
        for (int i = 0; i < 5; i++) {
            members.register(p, Registration.withPhone("+7999000000" + i)).orElseThrow();
        }
        List<Member> first = members.page(p, null, 3);
        List<Member> rest = members.page(p, first.get(2).id(), 3);
        assertThat(first).hasSize(3);
        assertThat(rest).hasSize(2);
        assertThat(first.get(0).id().value()).isLessThan(first.get(1).id().value());
    }

    @Test
    void aRegistrationNeedsAnIdentifier() {
        assertThatThrownBy(() -> new Registration(null, null, null, "Anna", null, null, null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("phone, a card number or an external id");
        assertThatThrownBy(() -> members.register(p, Registration.withPhone("call me")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(members.count(p)).isZero();
    }
}
