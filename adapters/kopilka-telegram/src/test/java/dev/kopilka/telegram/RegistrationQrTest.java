package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RegistrationQrTest {

    private final StartPayloads payloads = new StartPayloads(TestSettings.SECRET);
    private final RegistrationQr qr = new RegistrationQr("kopilka_test_bot", payloads, 400);

    @Test
    void theDeepLinkCarriesASignedOpaquePayloadWithinTelegramsRules() {
        URI link = qr.deepLink("store-12", "till-3");
        assertThat(link.toString()).startsWith("https://t.me/kopilka_test_bot?start=");
        String payload = link.getQuery().substring("start=".length());
        assertThat(payload).matches("[A-Za-z0-9_-]{1,64}");
        assertThat(payloads.placeOf(payload)).contains(new StartPayloads.Place("store-12", "till-3"));
        assertThat(payloads.placeOf(new StartPayloads(TestSettings.SECRET).payloadFor(
                new StartPayloads.Place("store-12", null)))).contains(new StartPayloads.Place("store-12", null));
    }

    @Test
    void aForgedOrAlteredPayloadNamesNoStore() {
        String genuine = payloads.payloadFor(new StartPayloads.Place("store-12", null));
        String otherStore = payloads.payloadFor(new StartPayloads.Place("store-13", null));
        String spliced = otherStore.substring(0, otherStore.length() - 16) + genuine.substring(genuine.length() - 16);
        assertThat(payloads.placeOf(spliced)).isEmpty();
        assertThat(new StartPayloads("another-secret-another-secret-12345").placeOf(genuine)).isEmpty();
        assertThat(payloads.placeOf("not a payload")).isEmpty();
        assertThat(payloads.placeOf("x".repeat(65))).isEmpty();
        assertThat(payloads.placeOf(null)).isEmpty();
    }

    @Test
    void storeIdsThatDoNotFitALinkAreRefusedClearly() {
        assertThatThrownBy(() -> payloads.payloadFor(new StartPayloads.Place("s".repeat(37), null)))
                .hasMessageContaining("36 bytes");
        assertThatThrownBy(() -> new StartPayloads.Place("store 1", null)).hasMessageContaining("store");
        assertThatThrownBy(() -> new StartPayloads("short")).hasMessageContaining("32");
    }

    @Test
    void thePngScansBackToTheLink() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(qr.png("store-12", "till-3")));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
        assertThat(decoded).isEqualTo(qr.deepLink("store-12", "till-3").toString());
        assertThat(image.getWidth()).isEqualTo(400);
    }

    @Test
    void theSvgIsAScalableBlackOnWhiteDrawing() {
        String svg = qr.svg("store-12", null);
        assertThat(svg).startsWith("<?xml").contains("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("<path fill=\"#000\" d=\"M").endsWith("</svg>\n");
    }
}
