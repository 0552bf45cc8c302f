package dev.kopilka.member;

import dev.kopilka.Require;

/**
 * How a till or an integration identifies a member: by Kopilka id, phone (any accepted format; normalised
 * to E.164 before lookup), loyalty card number or the integrator's external id.
 */
public sealed interface MemberRef {

    static MemberRef id(MemberId id) {
        return new ById(id);
    }

    static MemberRef phone(String phone) {
        return new ByPhone(phone);
    }

    static MemberRef card(String cardNumber) {
        return new ByCard(cardNumber);
    }

    static MemberRef externalId(String externalId) {
        return new ByExternalId(externalId);
    }

    /** The member who linked this Telegram account (a private chat's id is the user's id). */
    static MemberRef telegramUser(long telegramUserId) {
        return new ByTelegramUser(telegramUserId);
    }

    record ByTelegramUser(long telegramUserId) implements MemberRef {
        public ByTelegramUser {
            Require.positive(telegramUserId, "member.telegramUserId");
        }
    }

    record ById(MemberId id) implements MemberRef {
        public ById {
            Require.present(id, "member.id");
        }
    }

    record ByPhone(String phone) implements MemberRef {
        public ByPhone {
            Require.token(phone, "member.phone", 32);
        }
    }

    record ByCard(String cardNumber) implements MemberRef {
        public ByCard {
            Require.token(cardNumber, "member.card", 64);
        }
    }

    record ByExternalId(String externalId) implements MemberRef {
        public ByExternalId {
            Require.token(externalId, "member.externalId", 128);
        }
    }
}
