package org.clinickiosk.device.printer;

/** What a real-time status reply can reveal, most pressing first; the key is stable for UI translation. */
public enum PrinterProblem {
    PAPER_OUT("paper-out", "The printer is out of paper"),
    COVER_OPEN("cover-open", "The printer cover is open"),
    CUTTER_ERROR("cutter-error", "The printer's cutter has failed"),
    OTHER_ERROR("printer-error", "The printer reports an error"),
    BAD_REPLY("bad-reply", "The printer answered the status query with an unexpected byte"),
    OFFLINE("offline", "The printer is offline"),
    PAPER_NEAR_END("paper-near-end", "The printer's paper is nearly used up");

    private final String key;
    private final String text;

    PrinterProblem(String key, String text) {
        this.key = key;
        this.text = text;
    }

    public String key() { return key; }

    public String text() { return text; }
}
