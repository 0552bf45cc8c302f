package dev.kopilka.member;

/** What a member agreed to be contacted by. Marketing messages need the consent; transactional ones do not. */
public enum Consent {
    SMS_MARKETING,
    TELEGRAM
}
