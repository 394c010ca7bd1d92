package org.clinickiosk.device.printer;

import java.util.List;

/** A plain slip (BP result, lab-result notice): bold centred title, then left-aligned lines, feed and cut. */
public final class TextSlipRenderer {
    public static final int MAX_LINES = 60;

    private TextSlipRenderer() {}

    public static byte[] render(String title, List<String> lines, PaperWidth width) {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("a slip needs a title");
        if (lines.size() > MAX_LINES) throw new IllegalArgumentException("a slip has at most " + MAX_LINES + " lines");
        EscPosWriter job = new EscPosWriter()
                .align(Alignment.CENTRE).size(width.headingSize()).bold(true).line(title)
                .size(0).bold(false).align(Alignment.LEFT);
        lines.forEach(job::line);
        return job.feedAndCut();
    }
}
