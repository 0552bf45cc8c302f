package dev.kopilka.member;

/**
 * Changes to a member's contacts and profile; null fields stay as they are. Birthday, consents, blocking and
 * Telegram have their own operations on {@link Members}.
 */
public record ProfileChange(String phone, String cardNumber, String externalId, String name, String homeStore) {

    public static ProfileChange none() {
        return new ProfileChange(null, null, null, null, null);
    }

    public ProfileChange phone(String newPhone) {
        return new ProfileChange(newPhone, cardNumber, externalId, name, homeStore);
    }

    public ProfileChange card(String newCard) {
        return new ProfileChange(phone, newCard, externalId, name, homeStore);
    }

    public ProfileChange externalId(String newExternalId) {
        return new ProfileChange(phone, cardNumber, newExternalId, name, homeStore);
    }

    public ProfileChange name(String newName) {
        return new ProfileChange(phone, cardNumber, externalId, newName, homeStore);
    }

    public ProfileChange homeStore(String newHomeStore) {
        return new ProfileChange(phone, cardNumber, externalId, name, newHomeStore);
    }
}
