package dev.kopilka.member;

import dev.kopilka.Require;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/**
 * A member of a program.
 *
 * @param phone            E.164, e.g. {@code +79991234567}
 * @param birthday         set once by the member; changed later only by staff ({@link #birthdayChange})
 * @param birthdayChange   the last staff override of the birthday, null if none
 * @param telegramUserId   the linked Telegram account, null if none
 * @param version          incremented by every change
 */
public record Member(
        MemberId id,
        String phone,
        String cardNumber,
        String externalId,
        String name,
        LocalDate birthday,
        BirthdayChange birthdayChange,
        Instant joinedAt,
        String homeStore,
        Set<Consent> consents,
        boolean blocked,
        String blockedReason,
        Long telegramUserId,
        long version) {

    public Member {
        Require.present(id, "member.id");
        Require.present(joinedAt, "member.joinedAt");
        Require.that(phone != null || cardNumber != null || externalId != null, "member",
                "needs a phone, a card number or an external id", id);
        consents = consents.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(consents));
    }

    /** A staff correction of a birthday: who, why, when, and what it was. */
    public record BirthdayChange(LocalDate previous, String staffId, String reason, Instant at) {
    }

    public boolean hasConsent(Consent consent) {
        return consents.contains(consent);
    }

    private Member next(String newPhone, String newCard, String newExternalId, String newName, LocalDate newBirthday,
            BirthdayChange newChange, String newHomeStore, Set<Consent> newConsents, boolean newBlocked,
            String newBlockedReason, Long newTelegram) {
        return new Member(id, newPhone, newCard, newExternalId, newName, newBirthday, newChange, joinedAt, newHomeStore,
                newConsents, newBlocked, newBlockedReason, newTelegram, version + 1);
    }

    public Member withBirthday(LocalDate date, BirthdayChange change) {
        return next(phone, cardNumber, externalId, name, date, change, homeStore, consents, blocked, blockedReason,
                telegramUserId);
    }

    public Member withConsents(Set<Consent> newConsents) {
        return next(phone, cardNumber, externalId, name, birthday, birthdayChange, homeStore, newConsents, blocked,
                blockedReason, telegramUserId);
    }

    public Member withBlocked(boolean newBlocked, String reason) {
        return next(phone, cardNumber, externalId, name, birthday, birthdayChange, homeStore, consents, newBlocked,
                reason, telegramUserId);
    }

    /** Replaces the contact and profile fields that {@link ProfileChange} can change. */
    public Member withProfile(String newPhone, String newCard, String newExternalId, String newName, String newHomeStore) {
        return next(newPhone, newCard, newExternalId, newName, birthday, birthdayChange, newHomeStore, consents, blocked,
                blockedReason, telegramUserId);
    }

    public Member withTelegram(Long userId) {
        return next(phone, cardNumber, externalId, name, birthday, birthdayChange, homeStore, consents, blocked,
                blockedReason, userId);
    }
}
