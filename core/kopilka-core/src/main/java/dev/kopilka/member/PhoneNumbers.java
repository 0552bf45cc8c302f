package dev.kopilka.member;

import dev.kopilka.InvalidRequestException;

/**
 * Phone numbers to E.164 ({@code +79991234567}). Accepts what people and tills type: {@code 8 (999)
 * 123-45-67}, {@code +7 999 1234567}, {@code 89991234567}, {@code 79991234567}, {@code 9991234567}, with
 * spaces, dashes, dots and parentheses.
 */
public final class PhoneNumbers {

    private static final int MIN_DIGITS = 8;
    private static final int MAX_DIGITS = 15;

    private PhoneNumbers() {
    }

    /**
     * @param defaultCountryCode the calling code for national formats (7 for Russia, where a leading 8 is the
     *                           trunk prefix)
     */
    public static String normalize(String raw, int defaultCountryCode) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidRequestException("phone", "is required", raw);
        }
        String trimmed = raw.strip();
        boolean plus = trimmed.startsWith("+");
        StringBuilder digits = new StringBuilder();
        for (int i = plus ? 1 : 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '\u00a0') {
                throw new InvalidRequestException("phone", "may contain only digits, a leading +, spaces, dashes, dots"
                        + " and parentheses", raw);
            }
        }
        String number = digits.toString();
        if (!plus) {
            number = withCountryCode(number, defaultCountryCode);
        }
        if (number.length() < MIN_DIGITS || number.length() > MAX_DIGITS) {
            throw new InvalidRequestException("phone", "must have " + MIN_DIGITS + " to " + MAX_DIGITS
                    + " digits with the country code", raw);
        }
        if (number.charAt(0) == '0') {
            throw new InvalidRequestException("phone", "country code must not start with 0", raw);
        }
        if (number.startsWith("7") && number.length() != 11) {
            throw new InvalidRequestException("phone", "a +7 number has 10 digits after the country code", raw);
        }
        return "+" + number;
    }

    private static String withCountryCode(String national, int countryCode) {
        String code = Integer.toString(countryCode);
        if (countryCode == 7) {
            if (national.length() == 11 && (national.startsWith("8") || national.startsWith("7"))) {
                return "7" + national.substring(1);
            }
            if (national.length() == 10) {
                return "7" + national;
            }
            return national;
        }
        if (national.startsWith("00")) {
            return national.substring(2);
        }
        if (national.startsWith("0")) {
            return code + national.substring(1);
        }
        return national.startsWith(code) ? national : code + national;
    }
}
