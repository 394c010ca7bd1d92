package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kiosk-screen preview and the simulator's print share one renderer: its QR must scan back to the text. */
class TicketImageTest {

    @ParameterizedTest
    @EnumSource(PaperWidth.class)
    void previewIsAPaperWidePngWhoseQrDecodesToTheTicketText(PaperWidth width) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(TicketPreview.png(Tickets.sample(width))));
        assertEquals(width.dots(), image.getWidth());
        assertTrue(image.getHeight() > 400, "height " + image.getHeight());
        assertEquals(Tickets.QR, decodeQr(image));
    }

    @Test
    void textIsScaledByItsCharacterSize() {
        int normal = inkHeight(new PageElement.TextLine("A023", 1, 1, Alignment.CENTRE, true));
        int large = inkHeight(new PageElement.TextLine("A023", 6, 6, Alignment.CENTRE, true));
        assertTrue(normal >= 12 && normal <= 24, "normal glyph height " + normal);
        assertTrue(large >= 5 * normal && large <= 7 * normal, "6× glyph height " + large + " vs " + normal);
    }

    /** Rows of the rendered page that contain any dark pixel. */
    private static int inkHeight(PageElement.TextLine line) {
        BufferedImage image = PageImageRenderer.render(new PrintedPage(List.of(line), List.of()), PaperWidth.MM80);
        int rows = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            boolean ink = false;
            for (int x = 0; x < image.getWidth() && !ink; x++) ink = (image.getRGB(x, y) & 0xFF) < 128;
            if (ink) rows++;
        }
        return rows;
    }

    static String decodeQr(BufferedImage image) throws Exception {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image)))).getText();
        } catch (NotFoundException e) {
            throw new AssertionError("no QR code found in the rendered ticket", e);
        }
    }
}
