package dev.kopilka.telegram;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code /start} payload of a registration QR code: an opaque token of at most 64 characters of
 * {@code A-Za-z0-9_-} (Telegram's deep-link rule) that names the store and, optionally, the till where the
 * customer scanned it — never anything personal. Stateless: the token is the base64url of {@code store[/till]}
 * followed by 16 characters of an HMAC-SHA256 over it with {@code kopilka.telegram.qr.secret}, so nobody can
 * forge a token for a store (and claim its welcome campaign) and no table is needed. Rotating the secret
 * invalidates printed codes: customers scanning an old one still register, without a home store.
 */
public final class StartPayloads {

    /** Telegram's limit for a deep-link payload. */
    public static final int MAX_LENGTH = 64;
    private static final int MAC_CHARS = 16;
    private static final int MAC_BYTES = 12;
    /** What fits in front of the MAC: 48 base64 characters = 36 bytes of {@code store/till}. */
    public static final int MAX_PLACE_BYTES = (MAX_LENGTH - MAC_CHARS) / 4 * 3;
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
    private static final Pattern PLACE_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String CONTEXT = "kopilka-telegram-start:";

    private final byte[] key;

    public StartPayloads(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("the QR secret must be at least 32 characters");
        }
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Where a QR code was scanned. */
    public record Place(String store, String till) {
        public Place {
            requireId(store, "store");
            if (till != null) {
                requireId(till, "till");
            }
        }

        private static void requireId(String id, String field) {
            if (id == null || !PLACE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(field + " must be letters, digits, '.', '_' or '-': " + id);
            }
        }
    }

    /** The token for a store's (and optionally a till's) QR code. */
    public String payloadFor(Place place) {
        String text = place.till() == null ? place.store() : place.store() + "/" + place.till();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PLACE_BYTES) {
            throw new IllegalArgumentException("store and till ids together must fit in " + MAX_PLACE_BYTES
                    + " bytes for a Telegram deep link: " + text);
        }
        return base64(bytes) + base64(mac(bytes)).substring(0, MAC_CHARS);
    }

    /** The place a payload names, or empty when it is malformed or not signed with our secret. */
    public Optional<Place> placeOf(String payload) {
        if (payload == null || !ALPHABET.matcher(payload).matches() || payload.length() <= MAC_CHARS) {
            return Optional.empty();
        }
        String body = payload.substring(0, payload.length() - MAC_CHARS);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] expected = base64(mac(bytes)).substring(0, MAC_CHARS).getBytes(StandardCharsets.US_ASCII);
        byte[] given = payload.substring(payload.length() - MAC_CHARS).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int slash = text.indexOf('/');
        try {
            return Optional.of(slash < 0 ? new Place(text, null)
                    : new Place(text.substring(0, slash), text.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(CONTEXT.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(data), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
