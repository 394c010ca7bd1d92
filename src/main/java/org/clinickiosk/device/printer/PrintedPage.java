package org.clinickiosk.device.printer;

import java.util.List;

/**
 * Everything between two cuts.
 *
 * @param notes what the interpreter skipped or could not show (unknown commands, images), for whoever checks the job
 */
public record PrintedPage(List<PageElement> elements, List<String> notes) {

    public PrintedPage {
        elements = List.copyOf(elements);
        notes = List.copyOf(notes);
    }

    public List<String> textLines() {
        return elements.stream().filter(e -> e instanceof PageElement.TextLine)
                .map(e -> ((PageElement.TextLine) e).text()).toList();
    }

    public List<String> qrPayloads() {
        return elements.stream().filter(e -> e instanceof PageElement.QrCode)
                .map(e -> ((PageElement.QrCode) e).payload()).toList();
    }

    /** A readable transcript: one element per line with its formatting, then the notes. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        for (PageElement e : elements) {
            if (e instanceof PageElement.TextLine t) {
                out.append(String.format("[text %s %dx%d%s] %s%n", t.alignment().name().toLowerCase(), t.width(),
                        t.height(), t.bold() ? " bold" : "", t.text()));
            } else if (e instanceof PageElement.QrCode q) {
                out.append(String.format("[qr %s module %d ec %s] %s%n", q.alignment().name().toLowerCase(),
                        q.moduleSize(), q.errorCorrection(), q.payload()));
            } else if (e instanceof PageElement.Cut c) {
                out.append(c.partial() ? "[partial cut]" : "[full cut]").append(System.lineSeparator());
            }
        }
        notes.forEach(n -> out.append("note: ").append(n).append(System.lineSeparator()));
        return out.toString();
    }
}
