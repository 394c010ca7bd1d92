package org.clinickiosk.device.printer;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws a {@link PrintedPage} as the paper would look, one pixel per printer dot: a 12×24-dot cell per ASCII
 * character and 24×24 per Chinese one, scaled by the character size, wrapped at the paper width like the printer
 * does; QR symbols drawn by ZXing at the requested module size.
 */
public final class PageImageRenderer {
    static final int CELL_HEIGHT = 24, LINE_PITCH = 30, MARGIN = 16, QR_QUIET_MODULES = 2;

    private PageImageRenderer() {}

    /** Something to draw at a vertical position; heights are known before the image is allocated. */
    private interface Block {
        int height();

        void draw(Graphics2D g, int top);
    }

    public static BufferedImage render(PrintedPage page, PaperWidth paper) {
        List<Block> blocks = new ArrayList<>();
        for (PageElement e : page.elements()) {
            if (e instanceof PageElement.TextLine t) {
                wrap(t, paper.dots()).forEach(row -> blocks.add(textRow(t, row, paper.dots())));
            } else if (e instanceof PageElement.QrCode q) {
                blocks.add(qr(q, paper.dots()));
            } else if (e instanceof PageElement.Cut) {
                blocks.add(cutMark(paper.dots()));
            }
        }
        int height = 2 * MARGIN + blocks.stream().mapToInt(Block::height).sum();
        BufferedImage image = new BufferedImage(paper.dots(), height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, paper.dots(), height);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int y = MARGIN;
            for (Block b : blocks) {
                b.draw(g, y);
                y += b.height();
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    public static byte[] png(PrintedPage page, PaperWidth paper) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(page, paper), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int cellWidth(int codePoint, int scale) {
        return (codePoint < 0x80 ? CELL_HEIGHT / 2 : CELL_HEIGHT) * scale;
    }

    /** Splits a line where the printer would wrap it: when the next character no longer fits the paper. */
    private static List<int[]> wrap(PageElement.TextLine t, int paperDots) {
        List<int[]> rows = new ArrayList<>();
        List<Integer> row = new ArrayList<>();
        int used = 0;
        for (int cp : t.text().codePoints().toArray()) {
            int w = cellWidth(cp, t.width());
            if (used + w > paperDots && !row.isEmpty()) {
                rows.add(row.stream().mapToInt(Integer::intValue).toArray());
                row.clear();
                used = 0;
            }
            row.add(cp);
            used += w;
        }
        rows.add(row.stream().mapToInt(Integer::intValue).toArray());
        return rows;
    }

    private static Block textRow(PageElement.TextLine t, int[] codePoints, int paperDots) {
        int rowHeight = Math.max(LINE_PITCH, CELL_HEIGHT * t.height() + LINE_PITCH - CELL_HEIGHT);
        return new Block() {
            public int height() { return rowHeight; }

            public void draw(Graphics2D g, int top) {
                Font font = CjkFont.base().deriveFont(t.bold() ? Font.BOLD : Font.PLAIN)
                        .deriveFont(AffineTransform.getScaleInstance(t.width(), t.height()));
                g.setFont(font);
                FontMetrics m = g.getFontMetrics();
                int total = 0;
                for (int cp : codePoints) total += cellWidth(cp, t.width());
                int x = offset(t.alignment(), paperDots, total);
                int baseline = top + CELL_HEIGHT * t.height() * 22 / 24;
                for (int cp : codePoints) {
                    String s = new String(Character.toChars(cp));
                    int cell = cellWidth(cp, t.width());
                    g.drawString(s, x + (cell - m.stringWidth(s)) / 2, baseline);
                    x += cell;
                }
            }
        };
    }

    private static Block qr(PageElement.QrCode q, int paperDots) {
        BitMatrix matrix = qrMatrix(q);
        int module = q.moduleSize();
        int side = matrix.getWidth() * module;
        int quiet = QR_QUIET_MODULES * module;
        return new Block() {
            public int height() { return side + 2 * quiet; }

            public void draw(Graphics2D g, int top) {
                int left = offset(q.alignment(), paperDots, side);
                for (int y = 0; y < matrix.getHeight(); y++) {
                    for (int x = 0; x < matrix.getWidth(); x++) {
                        if (matrix.get(x, y)) g.fillRect(left + x * module, top + quiet + y * module, module, module);
                    }
                }
            }
        };
    }

    private static BitMatrix qrMatrix(PageElement.QrCode q) {
        try {
            return new QRCodeWriter().encode(q.payload(), BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.valueOf(q.errorCorrection().name()),
                    EncodeHintType.CHARACTER_SET, "ISO-8859-1",
                    EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("QR payload cannot be drawn: " + e.getMessage(), e);
        }
    }

    private static Block cutMark(int paperDots) {
        return new Block() {
            public int height() { return LINE_PITCH; }

            public void draw(Graphics2D g, int top) {
                g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 6}, 0));
                g.drawLine(0, top + LINE_PITCH / 2, paperDots, top + LINE_PITCH / 2);
            }
        };
    }

    private static int offset(Alignment a, int paperDots, int contentWidth) {
        return switch (a) {
            case LEFT -> 0;
            case CENTRE -> Math.max(0, (paperDots - contentWidth) / 2);
            case RIGHT -> Math.max(0, paperDots - contentWidth);
        };
    }
}
