package org.clinickiosk.device.idcard;

import java.util.Optional;

/** Every host command of the SAM protocol, with its CMD and PARA bytes. */
public enum SamCommand {
    RESET_SAM(0x10, 0xFF),
    SAM_STATUS(0x11, 0xFF),
    READ_SAM_ID(0x12, 0xFF),
    FIND_CARD(0x20, 0x01),
    SELECT_CARD(0x20, 0x02),
    READ_TEXT_AND_PHOTO(0x30, 0x01),
    READ_TEXT_PHOTO_AND_FINGERPRINT(0x30, 0x10),
    READ_APPENDED_ADDRESS(0x30, 0x03);

    private final int cmd;
    private final int para;

    SamCommand(int cmd, int para) {
        this.cmd = cmd;
        this.para = para;
    }

    /** The complete frame to write to the reader (a fresh copy each time). */
    public byte[] frame() {
        return SamFrame.encode(new byte[] {(byte) cmd, (byte) para});
    }

    /** The command a received CMD/PARA pair names, if any. */
    public static Optional<SamCommand> of(int cmd, int para) {
        for (SamCommand c : values()) {
            if (c.cmd == (cmd & 0xFF) && c.para == (para & 0xFF)) return Optional.of(c);
        }
        return Optional.empty();
    }
}
