package org.clinickiosk.device.printer;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Finds an installed font with Chinese glyphs for page images; fails naming the Debian package to install. */
final class CjkFont {
    static final String MISSING = "No font with Chinese glyphs is installed: install the Debian package "
            + "fonts-noto-cjk (or fonts-wqy-zenhei)";
    private static final List<String> PREFERRED = List.of("Noto Sans CJK SC", "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei", "Noto Sans SC", "Source Han Sans SC");
    private static final String SAMPLE = "取号时间前面还有";
    private static Font found;

    private CjkFont() {}

    /** The plain font at 24 px, the height of a printer's 24-dot font. */
    static synchronized Font base() {
        if (found == null) found = new Font(family(), Font.PLAIN, 24);
        return found;
    }

    private static String family() {
        Set<String> installed = Arrays.stream(GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames()).collect(Collectors.toSet());
        return PREFERRED.stream().filter(installed::contains)
                .filter(f -> new Font(f, Font.PLAIN, 24).canDisplayUpTo(SAMPLE) == -1)
                .findFirst().orElseThrow(() -> new IllegalStateException(MISSING));
    }
}
