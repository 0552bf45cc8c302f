package dev.kopilka.sms.code;

import dev.kopilka.sms.SmsSettings;
import java.time.Duration;
import java.util.Set;

/**
 * How confirmation codes are made and checked ({@code kopilka.sms.code.*}).
 *
 * @param length      digits of a code
 * @param ttl         how long a code is valid
 * @param maxAttempts wrong entries before the code is burnt
 * @param resendAfter the shortest wait before another code to the same phone
 * @param maxPerDay   codes to one phone per day (in the program's zone): SMS pumping fraud costs real money
 * @param template    the text, with {@code {code}} where the code goes
 */
public record CodeRules(int length, Duration ttl, int maxAttempts, Duration resendAfter, int maxPerDay,
        String template) {

    public static final String LENGTH = "kopilka.sms.code.length";
    public static final String TTL = "kopilka.sms.code.ttl";
    public static final String MAX_ATTEMPTS = "kopilka.sms.code.max-attempts";
    public static final String RESEND_AFTER = "kopilka.sms.code.resend-after";
    public static final String MAX_PER_DAY = "kopilka.sms.code.max-per-day";
    public static final String TEXT = "kopilka.sms.code.text";
    public static final Set<String> KEYS = Set.of(LENGTH, TTL, MAX_ATTEMPTS, RESEND_AFTER, MAX_PER_DAY, TEXT);

    public static final int DEFAULT_LENGTH = 6;
    public static final String DEFAULT_TTL = "PT5M";
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final String DEFAULT_RESEND_AFTER = "PT1M";
    public static final int DEFAULT_MAX_PER_DAY = 5;
    public static final String DEFAULT_TEXT = "Код {code}. Никому его не сообщайте.";
    public static final String PLACEHOLDER = "{code}";

    public CodeRules {
        if (length < 4 || length > 10) {
            throw new IllegalArgumentException(LENGTH + " must be 4 to 10 digits: " + length);
        }
        if (!template.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException(TEXT + " must contain " + PLACEHOLDER);
        }
    }

    public static CodeRules defaults() {
        return new CodeRules(DEFAULT_LENGTH, Duration.parse(DEFAULT_TTL), DEFAULT_MAX_ATTEMPTS,
                Duration.parse(DEFAULT_RESEND_AFTER), DEFAULT_MAX_PER_DAY, DEFAULT_TEXT);
    }

    /** Reads the keys; problems go to {@code settings} (thrown together by {@link SmsSettings#requireValid()}). */
    public static CodeRules read(SmsSettings settings) {
        int length = settings.integer(LENGTH, DEFAULT_LENGTH, 4, 10);
        Duration ttl = settings.duration(TTL, DEFAULT_TTL);
        int attempts = settings.integer(MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, 1, 20);
        Duration resend = settings.duration(RESEND_AFTER, DEFAULT_RESEND_AFTER);
        int perDay = settings.integer(MAX_PER_DAY, DEFAULT_MAX_PER_DAY, 1, 100);
        String text = settings.text(TEXT, DEFAULT_TEXT);
        if (!text.contains(PLACEHOLDER)) {
            settings.problem(TEXT, "must contain " + PLACEHOLDER + " where the code goes", text);
            text = DEFAULT_TEXT;
        }
        return new CodeRules(length, ttl, attempts, resend, perDay, text);
    }
}
