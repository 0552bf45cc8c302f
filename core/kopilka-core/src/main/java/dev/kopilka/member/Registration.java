package dev.kopilka.member;

import dev.kopilka.Require;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/** What is known about a new member. At least one of phone, card number and external id is required. */
public record Registration(String phone, String cardNumber, String externalId, String name, LocalDate birthday,
        String homeStore, Set<Consent> consents) {

    public Registration {
        Require.that(phone != null || cardNumber != null || externalId != null, "registration",
                "needs a phone, a card number or an external id", "none given");
        if (cardNumber != null) {
            Require.token(cardNumber, "cardNumber", 64);
        }
        if (externalId != null) {
            Require.token(externalId, "externalId", 128);
        }
        if (name != null) {
            Require.token(name, "name", 200);
        }
        if (homeStore != null) {
            Require.token(homeStore, "homeStore", 64);
        }
        consents = consents == null || consents.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(consents));
    }

    public static Registration withPhone(String phone) {
        return new Registration(phone, null, null, null, null, null, Set.of());
    }

    public static Registration withCard(String cardNumber) {
        return new Registration(null, cardNumber, null, null, null, null, Set.of());
    }

    public static Registration withExternalId(String externalId) {
        return new Registration(null, null, externalId, null, null, null, Set.of());
    }

    public Registration phone(String newPhone) {
        return new Registration(newPhone, cardNumber, externalId, name, birthday, homeStore, consents);
    }

    public Registration card(String newCard) {
        return new Registration(phone, newCard, externalId, name, birthday, homeStore, consents);
    }

    public Registration externalId(String newExternalId) {
        return new Registration(phone, cardNumber, newExternalId, name, birthday, homeStore, consents);
    }

    public Registration name(String newName) {
        return new Registration(phone, cardNumber, externalId, newName, birthday, homeStore, consents);
    }

    public Registration birthday(LocalDate newBirthday) {
        return new Registration(phone, cardNumber, externalId, name, newBirthday, homeStore, consents);
    }

    public Registration homeStore(String store) {
        return new Registration(phone, cardNumber, externalId, name, birthday, store, consents);
    }

    public Registration consents(Consent... granted) {
        return new Registration(phone, cardNumber, externalId, name, birthday, homeStore,
                granted.length == 0 ? Set.of() : EnumSet.of(granted[0], granted));
    }
}
