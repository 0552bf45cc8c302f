package dev.kopilka.telegram;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR images (ZXing): PNG for screens and the bot, SVG for print shops (scales without blur). */
public final class QrCodes {

    /** Quiet zone in modules: scanners need it; till printers cut close. */
    private static final int MARGIN = 2;

    private QrCodes() {
    }

    /** The QR matrix, error correction M (survives a crease or a smudge on a till sticker). */
    public static BitMatrix matrix(String content, int size) {
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, MARGIN,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as a QR code (" + content.length() + " chars)", e);
        }
    }

    public static byte[] png(String content, int size) {
        BitMatrix m = matrix(content, size);
        BufferedImage image = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                image.setRGB(x, y, m.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PNG", e);
        }
        return out.toByteArray();
    }

    /** An SVG of one path: black modules on white, {@code size} user units wide. */
    public static String svg(String content, int size) {
        BitMatrix m = matrix(content, size);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            int x = 0;
            while (x < m.getWidth()) {
                if (!m.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < m.getWidth() && m.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-")
                        .append(x - start).append('z');
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
                + "\" width=\"" + m.getWidth() + "\" height=\"" + m.getHeight() + "\" shape-rendering=\"crispEdges\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
                + "<path fill=\"#000\" d=\"" + path + "\"/>\n</svg>\n";
    }
}
