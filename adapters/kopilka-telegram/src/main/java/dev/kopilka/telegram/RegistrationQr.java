package dev.kopilka.telegram;

import java.net.URI;

/**
 * The registration QR code for a store's till: the deep link {@code https://t.me/<bot>?start=<payload>} and
 * its printable image. The customer scans it with the phone camera, Telegram opens the bot, and the bot
 * learns the store from the signed payload ({@link StartPayloads}).
 *
 * <pre>{@code
 * RegistrationQr qr = RegistrationQr.from(TelegramSettings.from(config));
 * Files.write(Path.of("store-12-till-1.svg"), qr.svg("store-12", "till-1").getBytes(UTF_8));
 * }</pre>
 */
public final class RegistrationQr {

    private final String botUsername;
    private final StartPayloads payloads;
    private final int size;

    public RegistrationQr(String botUsername, StartPayloads payloads, int size) {
        this.botUsername = botUsername;
        this.payloads = payloads;
        this.size = size;
    }

    public static RegistrationQr from(TelegramSettings settings) {
        return new RegistrationQr(settings.botUsername(), new StartPayloads(settings.qrSecret()), settings.qrSize());
    }

    /** The link in the code; {@code till} may be null (one code for the whole store). */
    public URI deepLink(String store, String till) {
        return URI.create("https://t.me/" + botUsername + "?start="
                + payloads.payloadFor(new StartPayloads.Place(store, till)));
    }

    public byte[] png(String store, String till) {
        return QrCodes.png(deepLink(store, till).toString(), size);
    }

    public String svg(String store, String till) {
        return QrCodes.svg(deepLink(store, till).toString(), size);
    }
}
