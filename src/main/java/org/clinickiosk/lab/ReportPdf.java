package org.clinickiosk.lab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The A4 lab report as PDF (PDFBox) with an embedded, subsetted CJK TrueType font: clinic header, masked name and ID
 * number, the report's times, a results table with abnormal flags highlighted and reference ranges, and page
 * numbers; long reports run over several pages with the table header repeated.
 *
 * <p>The font must have TrueType outlines (PDFBox cannot subset OpenType-CFF, such as Noto CJK): Debian's
 * fonts-wqy-zenhei ({@code /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc}) is the default.
 */
public final class ReportPdf {
    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth();
    private static final float HEIGHT = PDRectangle.A4.getHeight();
    private static final float BODY = 10;
    private static final float LINE = 14;
    private static final float FOOTER_SPACE = 60;
    /** Columns: item, result, flag, units, reference range. */
    private static final float[] COLUMNS = {170, 80, 50, 70, 125};
    private static final Color FLAG_FILL = new Color(0xFD, 0xE2, 0xE2);
    private static final Color FLAG_TEXT = new Color(0xB0, 0x00, 0x20);
    private static final Color RULE = new Color(0x80, 0x80, 0x80);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    /** The rendered document and its page count. */
    public record Rendered(byte[] pdf, int pages) {}

    private ReportPdf() {}

    /** Checks at start-up that the configured font can be embedded, so the first print does not find out. */
    public static void checkFont(Path fontPath) throws IOException {
        try (LoadedFont ignored = LoadedFont.load(fontPath)) {
            // loading is the check
        }
    }

    public static Rendered render(Path fontPath, String clinicName, JsonObject report, JsonObject resident,
                                  Instant printedAt, ZoneId zone) throws IOException {
        try (LoadedFont loaded = LoadedFont.load(fontPath); PDDocument doc = new PDDocument()) {
            PDType0Font font = PDType0Font.load(doc, loaded.font, true);
            Writer w = new Writer(doc, font, zone);
            List<Row> rows = rows(w, report.getJsonArray("results"));
            List<List<Row>> pages = paginate(rows);
            for (int p = 0; p < pages.size(); p++) {
                w.newPage();
                float y = p == 0 ? w.header(clinicName, report, resident, printedAt) : w.continuation(clinicName, report);
                y = w.tableHeader(y);
                for (Row row : pages.get(p)) y = w.row(row, y);
                w.footer(p + 1, pages.size(), p == pages.size() - 1);
                w.close();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return new Rendered(out.toByteArray(), pages.size());
        }
    }

    /** A font file opened for one document; a collection stays open while the font is in use. */
    private record LoadedFont(TrueTypeFont font, AutoCloseable owner) implements AutoCloseable {
        static LoadedFont load(Path path) throws IOException {
            if (!Files.isReadable(path)) {
                throw new IOException("printers.a4.fontPath: cannot read " + path + " (install the Debian package "
                        + "fonts-wqy-zenhei, or point it at another TrueType CJK font)");
            }
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".ttc")) {
                TrueTypeCollection collection = new TrueTypeCollection(path.toFile());
                TrueTypeFont[] found = new TrueTypeFont[1];
                collection.processAllFonts(f -> {
                    if (found[0] == null && !(f instanceof OpenTypeFont otf && otf.isPostScript())) found[0] = f;
                });
                if (found[0] == null) {
                    collection.close();
                    throw cff(path);
                }
                return new LoadedFont(found[0], collection);
            }
            TrueTypeFont font = name.endsWith(".otf") ? new OTFParser().parse(new RandomAccessReadBufferedFile(path.toFile()))
                    : new TTFParser().parse(new RandomAccessReadBufferedFile(path.toFile()));
            if (font instanceof OpenTypeFont otf && otf.isPostScript()) {
                font.close();
                throw cff(path);
            }
            return new LoadedFont(font, font);
        }

        private static IOException cff(Path path) {
            return new IOException("printers.a4.fontPath: " + path + " has only PostScript (CFF) outlines, which "
                    + "PDFBox cannot embed; use a TrueType CJK font such as /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc "
                    + "(Debian package fonts-wqy-zenhei)");
        }

        @Override
        public void close() throws IOException {
            try {
                owner.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    /** One results-table row, already wrapped into lines per column. */
    private record Row(List<List<String>> cells, String flag) {
        float height() {
            int lines = cells.stream().mapToInt(List::size).max().orElse(1);
            return lines * LINE + 6;
        }
    }

    private static List<Row> rows(Writer w, JsonArray results) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonObject r = results.getJsonObject(i);
            String flag = r.getString("flag");
            String item = r.getString("name") == null ? r.getString("code") : r.getString("name") + " " + r.getString("code");
            String flagText = flag == null || flag.equals("N") ? "" : flag + " " + arrow(flag);
            List<List<String>> cells = List.of(
                    w.wrap(item, COLUMNS[0] - 6, BODY), w.wrap(r.getString("value"), COLUMNS[1] - 6, BODY),
                    w.wrap(flagText, COLUMNS[2] - 6, BODY), w.wrap(r.getString("units"), COLUMNS[3] - 6, BODY),
                    w.wrap(r.getString("referenceRange"), COLUMNS[4] - 6, BODY));
            rows.add(new Row(cells, flag));
        }
        return rows;
    }

    private static String arrow(String flag) {
        return switch (flag) {
            case "H" -> "↑";
            case "HH" -> "↑↑";
            case "L" -> "↓";
            case "LL" -> "↓↓";
            default -> "*";
        };
    }

    /** Rows per page: the first page has the patient block, later pages a short header. */
    private static List<List<Row>> paginate(List<Row> rows) {
        List<List<Row>> pages = new ArrayList<>();
        List<Row> current = new ArrayList<>();
        float top = HEIGHT - MARGIN - Writer.FIRST_HEADER;
        float y = top;
        for (Row row : rows) {
            if (y - row.height() < MARGIN + FOOTER_SPACE && !current.isEmpty()) {
                pages.add(current);
                current = new ArrayList<>();
                y = HEIGHT - MARGIN - Writer.NEXT_HEADER;
            }
            current.add(row);
            y -= row.height();
        }
        pages.add(current);
        return pages;
    }

    /** Drawing on the current page. */
    private static final class Writer {
        /** Heights of the header blocks above the table, including the table header row. */
        static final float FIRST_HEADER = 190;
        static final float NEXT_HEADER = 70;

        private final PDDocument doc;
        private final PDType0Font font;
        private final ZoneId zone;
        private PDPageContentStream page;

        Writer(PDDocument doc, PDType0Font font, ZoneId zone) {
            this.doc = doc;
            this.font = font;
            this.zone = zone;
        }

        void newPage() throws IOException {
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            page = new PDPageContentStream(doc, p);
        }

        void close() throws IOException {
            page.close();
        }

        float header(String clinic, JsonObject report, JsonObject resident, Instant printedAt) throws IOException {
            float y = HEIGHT - MARGIN;
            centred(clinic, 18, y - 18, true);
            centred("检验报告单", 14, y - 42, true);
            y -= 56;
            rule(y);
            y -= LINE + 4;
            String status = switch (report.getString("status")) {
                case "corrected" -> "更正报告";
                case "final" -> "最终报告";
                default -> "初步报告";
            };
            pair("姓名", resident.getString("nameMasked"), MARGIN, y);
            pair("性别", sex(resident.getString("sex")), MARGIN + 180, y);
            pair("身份证号", resident.getString("idNumberMasked"), MARGIN + 300, y);
            y -= LINE + 2;
            pair("档案号", resident.getString("recordNumberMasked"), MARGIN, y);
            pair("标本条码", report.getString("specimenBarcode"), MARGIN + 300, y);
            y -= LINE + 2;
            pair("检验项目", fit(report.getString("testName") == null ? report.getString("testCode")
                    : report.getString("testName"), 190), MARGIN, y);
            pair("申请医生", report.getString("orderingDoctor"), MARGIN + 300, y);
            y -= LINE + 2;
            pair("采样时间", time(report.getLong("collectedAt")), MARGIN, y);
            pair("报告时间", time(report.getLong("reportedAt")), MARGIN + 300, y);
            y -= LINE + 2;
            pair("报告状态", status, MARGIN, y);
            pair("打印时间", time(printedAt.toEpochMilli()), MARGIN + 300, y);
            y -= LINE + 2;
            if (report.getBoolean("corrects", false)) {
                page.setNonStrokingColor(FLAG_TEXT);
                text("本报告为更正报告，替代此前发出的同一标本报告。", BODY, MARGIN, y, true);
                page.setNonStrokingColor(Color.BLACK);
            }
            return HEIGHT - MARGIN - FIRST_HEADER + LINE + 6;
        }

        float continuation(String clinic, JsonObject report) throws IOException {
            float y = HEIGHT - MARGIN;
            text(clinic + "  检验报告单（续）", 12, MARGIN, y - 14, true);
            text("标本条码 " + report.getString("specimenBarcode"), BODY, MARGIN + 330, y - 14, false);
            rule(y - 24);
            return HEIGHT - MARGIN - NEXT_HEADER + LINE + 6;
        }

        float tableHeader(float y) throws IOException {
            String[] titles = {"项目", "结果", "提示", "单位", "参考范围"};
            float x = MARGIN;
            for (int i = 0; i < titles.length; i++) {
                text(titles[i], BODY, x + 3, y, true);
                x += COLUMNS[i];
            }
            rule(y - 5);
            return y - LINE - 4;
        }

        float row(Row row, float y) throws IOException {
            boolean abnormal = LabReport.isAbnormal(row.flag());
            float height = row.height();
            if (abnormal) {
                page.setNonStrokingColor(FLAG_FILL);
                page.addRect(MARGIN, y - height + LINE - 2, total(), height);
                page.fill();
                page.setNonStrokingColor(FLAG_TEXT);
            }
            float x = MARGIN;
            for (int c = 0; c < COLUMNS.length; c++) {
                List<String> lines = row.cells().get(c);
                boolean bold = abnormal && (c == 1 || c == 2);
                for (int l = 0; l < lines.size(); l++) text(lines.get(l), BODY, x + 3, y - l * LINE, bold);
                x += COLUMNS[c];
            }
            page.setNonStrokingColor(Color.BLACK);
            return y - height;
        }

        void footer(int number, int pages, boolean last) throws IOException {
            float y = MARGIN;
            rule(y + 26);
            if (last) text("本报告仅对所检标本负责；如有疑问请咨询医生。↑↓ 提示结果高于或低于参考范围。", 8, MARGIN, y + 12, false);
            centred("第 " + number + " 页 / 共 " + pages + " 页", 9, y - 4, false);
        }

        private float total() {
            float sum = 0;
            for (float c : COLUMNS) sum += c;
            return sum;
        }

        private void pair(String label, String value, float x, float y) throws IOException {
            text(label + "：", BODY, x, y, true);
            text(value == null || value.isEmpty() ? "—" : value, BODY, x + width(label + "：", BODY) + 2, y, false);
        }

        private void rule(float y) throws IOException {
            page.setStrokingColor(RULE);
            page.setLineWidth(0.6f);
            page.moveTo(MARGIN, y);
            page.lineTo(WIDTH - MARGIN, y);
            page.stroke();
        }

        private void centred(String s, float size, float y, boolean bold) throws IOException {
            text(s, size, (WIDTH - width(printable(s), size)) / 2, y, bold);
        }

        /** Bold is drawn as fill-and-stroke: the one embedded face has no bold weight. */
        private void text(String s, float size, float x, float y, boolean bold) throws IOException {
            if (s == null || s.isEmpty()) return;
            page.beginText();
            page.setFont(font, size);
            page.setRenderingMode(bold ? RenderingMode.FILL_STROKE : RenderingMode.FILL);
            if (bold) page.setLineWidth(size / 30f);
            page.newLineAtOffset(x, y);
            page.showText(printable(s));
            page.endText();
        }

        float width(String s, float size) throws IOException {
            return font.getStringWidth(s) / 1000f * size;
        }

        /** Characters the font lacks, and control characters, become '?' instead of failing the whole print. */
        String printable(String s) {
            StringBuilder out = new StringBuilder();
            s.codePoints().forEach(cp -> {
                String ch = new String(Character.toChars(Character.isISOControl(cp) ? ' ' : cp));
                try {
                    font.encode(ch);
                    out.append(ch);
                } catch (IOException | IllegalArgumentException e) {
                    out.append('?');
                }
            });
            return out.toString();
        }

        List<String> wrap(String s, float maxWidth, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            if (s == null || s.isEmpty()) {
                lines.add("");
                return lines;
            }
            StringBuilder line = new StringBuilder();
            for (int cp : printable(s).codePoints().toArray()) {
                String next = line + new String(Character.toChars(cp));
                if (width(next, size) > maxWidth && line.length() > 0) {
                    lines.add(line.toString());
                    line = new StringBuilder(new String(Character.toChars(cp)));
                } else {
                    line = new StringBuilder(next);
                }
            }
            lines.add(line.toString());
            return lines;
        }

        private String fit(String s, float maxWidth) throws IOException {
            if (s == null) return null;
            String p = printable(s);
            if (width(p, BODY) <= maxWidth) return p;
            while (!p.isEmpty() && width(p + "…", BODY) > maxWidth) p = p.substring(0, p.length() - 1);
            return p + "…";
        }

        private String time(Long millis) {
            return millis == null ? null : TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
        }

        private static String sex(String code) {
            if (code == null) return null;
            return switch (code) {
                case "M" -> "男";
                case "F" -> "女";
                default -> "未说明";
            };
        }
    }
}
