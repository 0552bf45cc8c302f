package dev.kopilka.internal;

import dev.kopilka.member.Member;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.PhoneNumbers;
import dev.kopilka.member.port.MemberStore;
import java.util.Optional;

/** Resolves a {@link MemberRef} inside a transaction; shared by every feature that acts on a member. */
public final class MemberFinder {

    private final int defaultCountryCode;

    public MemberFinder(int defaultCountryCode) {
        this.defaultCountryCode = defaultCountryCode;
    }

    public Optional<Member> find(MemberStore members, MemberRef ref) {
        if (ref instanceof MemberRef.ById id) {
            return members.findById(id.id());
        } else if (ref instanceof MemberRef.ByPhone phone) {
            return members.findByPhone(PhoneNumbers.normalize(phone.phone(), defaultCountryCode));
        } else if (ref instanceof MemberRef.ByCard card) {
            return members.findByCard(card.cardNumber());
        } else if (ref instanceof MemberRef.ByTelegramUser telegram) {
            return members.findByTelegramUserId(telegram.telegramUserId());
        } else {
            return members.findByExternalId(((MemberRef.ByExternalId) ref).externalId());
        }
    }

    /** Finds the member and takes their lock (held until the transaction ends). */
    public Optional<Member> lock(MemberStore members, MemberRef ref) {
        if (ref instanceof MemberRef.ById id) {
            return members.lock(id.id()); // one round trip instead of find-then-lock
        }
        return find(members, ref).flatMap(m -> members.lock(m.id()));
    }

    public static String describe(MemberRef ref) {
        if (ref instanceof MemberRef.ById id) {
            return "member id " + id.id();
        } else if (ref instanceof MemberRef.ByPhone phone) {
            return "phone " + phone.phone();
        } else if (ref instanceof MemberRef.ByCard card) {
            return "card " + card.cardNumber();
        } else if (ref instanceof MemberRef.ByTelegramUser telegram) {
            return "Telegram user " + telegram.telegramUserId();
        }
        return "external id " + ((MemberRef.ByExternalId) ref).externalId();
    }
}
