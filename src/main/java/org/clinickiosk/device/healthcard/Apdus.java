package org.clinickiosk.device.healthcard;

import java.util.HexFormat;

/** The ISO 7816-4 commands the reader builds, and readable names for the status words a card answers. */
final class Apdus {
    private Apdus() {}

    static final int OK = 0x9000;
    /** READ BINARY warning: end of file reached before Le bytes; the data that exists is returned. */
    static final int END_OF_FILE = 0x6282;

    /** SELECT by file id (P1 00: MF, DF or EF), no response data asked for. */
    static byte[] selectFile(byte[] fileId) {
        return new byte[]{0x00, (byte) 0xA4, 0x00, 0x00, 0x02, fileId[0], fileId[1]};
    }

    /** SELECT by DF name (AID), first or only occurrence. */
    static byte[] selectAid(byte[] aid) {
        byte[] apdu = new byte[5 + aid.length];
        apdu[1] = (byte) 0xA4;
        apdu[2] = 0x04;
        apdu[4] = (byte) aid.length;
        System.arraycopy(aid, 0, apdu, 5, aid.length);
        return apdu;
    }

    /** READ BINARY of the current EF from a 15-bit offset; length 256 is sent as Le 00. */
    static byte[] readBinary(int offset, int length) {
        return new byte[]{0x00, (byte) 0xB0, (byte) ((offset >> 8) & 0x7F), (byte) offset, (byte) length};
    }

    /** READ RECORD of the current EF, record number in P1 (P2 04); length 256 is sent as Le 00. */
    static byte[] readRecord(int record, int length) {
        return new byte[]{0x00, (byte) 0xB2, (byte) record, 0x04, (byte) length};
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    static String describe(int sw) {
        if (sw < 0) return "no status word (the answer was cut short)";
        String text = switch (sw) {
            case 0x6281 -> "part of the data may be corrupted";
            case 0x6282 -> "end of file reached";
            case 0x6581 -> "memory failure";
            case 0x6700 -> "wrong length";
            case 0x6981 -> "command incompatible with the file structure";
            case 0x6982 -> "security status not satisfied (the card wants a PSAM or PIN first)";
            case 0x6985 -> "conditions of use not satisfied";
            case 0x6986 -> "command not allowed (no current file)";
            case 0x6A81 -> "function not supported";
            case 0x6A82 -> "file or application not found";
            case 0x6A83 -> "record not found";
            case 0x6A86 -> "wrong P1/P2";
            case 0x6B00 -> "offset outside the file";
            case 0x6D00 -> "instruction not supported";
            case 0x6E00 -> "class not supported";
            default -> (sw >> 8) == 0x6C ? "wrong length, the card wants " + (sw & 0xFF) : "refused";
        };
        return String.format("%04X (%s)", sw, text);
    }
}
