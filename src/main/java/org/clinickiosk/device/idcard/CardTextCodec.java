package org.clinickiosk.device.idcard;

import java.nio.charset.StandardCharsets;

/**
 * The 256-byte text block: UCS-2 little-endian, each field padded with spaces to a fixed width. Byte 248 tells the
 * layout: 'I' foreigner permanent residence card, 'J' Hong Kong/Macau/Taiwan residence permit, else resident card.
 */
public final class CardTextCodec {
    private CardTextCodec() {}

    public static final int TEXT_LENGTH = 256;
    private static final int TYPE_FLAG = 248;

    /** Byte offset and width of one field. */
    private record Field(int offset, int length) {}

    // resident card, also used by the 'J' permit (which leaves the nation empty)
    private static final Field NAME = new Field(0, 30);
    private static final Field SEX = new Field(30, 2);
    private static final Field NATION = new Field(32, 4);
    private static final Field BIRTH = new Field(36, 16);
    private static final Field ADDRESS = new Field(52, 70);
    private static final Field ID_NUMBER = new Field(122, 36);
    private static final Field AUTHORITY = new Field(158, 30);
    private static final Field VALID_FROM = new Field(188, 16);
    private static final Field VALID_TO = new Field(204, 16);
    private static final Field J_PASS_NUMBER = new Field(220, 18);
    private static final Field J_ISSUE_COUNT = new Field(238, 4);

    // foreigner permanent residence card ('I'); offsets derived from the field widths
    private static final Field I_ENGLISH_NAME = new Field(0, 120);
    private static final Field I_SEX = new Field(120, 2);
    private static final Field I_PERMIT_NUMBER = new Field(122, 30);
    private static final Field I_NATIONALITY = new Field(152, 6);
    private static final Field I_CHINESE_NAME = new Field(158, 30);
    private static final Field I_VALID_FROM = new Field(188, 16);
    private static final Field I_VALID_TO = new Field(204, 16);
    private static final Field I_BIRTH = new Field(220, 16);
    private static final Field I_CARD_VERSION = new Field(236, 4);
    private static final Field I_OFFICE_CODE = new Field(240, 8);

    public static CardType cardTypeOf(byte[] text) {
        if (text[TYPE_FLAG + 1] == 0) {
            if (text[TYPE_FLAG] == 'I') return CardType.FOREIGNER_PERMANENT_RESIDENCE;
            if (text[TYPE_FLAG] == 'J') return CardType.HK_MACAU_TAIWAN_RESIDENCE;
        }
        return CardType.RESIDENT_ID;
    }

    /** Decodes a 256-byte text block. Field contents are not checked here: see {@link IdentityCheck}. */
    public static CardText decode(byte[] text) {
        if (text.length != TEXT_LENGTH) {
            throw new IllegalArgumentException("text block must be " + TEXT_LENGTH + " bytes, got " + text.length);
        }
        CardType type = cardTypeOf(text);
        if (type == CardType.FOREIGNER_PERMANENT_RESIDENCE) {
            return new CardText(type, read(text, I_CHINESE_NAME), read(text, I_SEX), "", read(text, I_BIRTH), "",
                    read(text, I_PERMIT_NUMBER), "", read(text, I_VALID_FROM), read(text, I_VALID_TO),
                    read(text, I_ENGLISH_NAME), read(text, I_NATIONALITY), read(text, I_CARD_VERSION),
                    read(text, I_OFFICE_CODE), "", "");
        }
        boolean permit = type == CardType.HK_MACAU_TAIWAN_RESIDENCE;
        return new CardText(type, read(text, NAME), read(text, SEX), permit ? "" : read(text, NATION),
                read(text, BIRTH), read(text, ADDRESS), read(text, ID_NUMBER), read(text, AUTHORITY),
                read(text, VALID_FROM), read(text, VALID_TO), "", "", "", "",
                permit ? read(text, J_PASS_NUMBER) : "", permit ? read(text, J_ISSUE_COUNT) : "");
    }

    /** Encodes as a card would (used by the simulator); a value too wide for its field is an error. */
    public static byte[] encode(CardText card) {
        byte[] text = new byte[TEXT_LENGTH];
        write(text, new Field(0, TEXT_LENGTH), "");
        switch (card.cardType()) {
            case FOREIGNER_PERMANENT_RESIDENCE -> {
                write(text, I_ENGLISH_NAME, card.englishName());
                write(text, I_SEX, card.sexCode());
                write(text, I_PERMIT_NUMBER, card.idNumber());
                write(text, I_NATIONALITY, card.nationalityCode());
                write(text, I_CHINESE_NAME, card.name());
                write(text, I_VALID_FROM, card.validFrom());
                write(text, I_VALID_TO, card.validTo());
                write(text, I_BIRTH, card.birthDate());
                write(text, I_CARD_VERSION, card.cardVersion());
                write(text, I_OFFICE_CODE, card.issuingOfficeCode());
                text[TYPE_FLAG] = 'I';
                text[TYPE_FLAG + 1] = 0;
            }
            case RESIDENT_ID, HK_MACAU_TAIWAN_RESIDENCE -> {
                write(text, NAME, card.name());
                write(text, SEX, card.sexCode());
                write(text, NATION, card.nationCode());
                write(text, BIRTH, card.birthDate());
                write(text, ADDRESS, card.address());
                write(text, ID_NUMBER, card.idNumber());
                write(text, AUTHORITY, card.issuingAuthority());
                write(text, VALID_FROM, card.validFrom());
                write(text, VALID_TO, card.validTo());
                if (card.cardType() == CardType.HK_MACAU_TAIWAN_RESIDENCE) {
                    write(text, J_PASS_NUMBER, card.passNumber());
                    write(text, J_ISSUE_COUNT, card.issueCount());
                    text[TYPE_FLAG] = 'J';
                    text[TYPE_FLAG + 1] = 0;
                }
            }
        }
        return text;
    }

    /** UCS-2 LE text of the appended-address reply, padded like the text block. */
    public static String decodeAppendedAddress(byte[] data) {
        return trim(new String(data, 0, data.length & ~1, StandardCharsets.UTF_16LE));
    }

    public static byte[] encodeAppendedAddress(String address) {
        return address.getBytes(StandardCharsets.UTF_16LE);
    }

    private static String read(byte[] text, Field f) {
        return trim(new String(text, f.offset(), f.length(), StandardCharsets.UTF_16LE));
    }

    /** Cards pad with spaces; some readers leave NULs. */
    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\0')) start++;
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) end--;
        return s.substring(start, end);
    }

    private static void write(byte[] text, Field f, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_16LE);
        if (bytes.length > f.length()) {
            throw new IllegalArgumentException("value of " + value.length() + " chars does not fit "
                    + f.length() / 2 + " chars at offset " + f.offset());
        }
        System.arraycopy(bytes, 0, text, f.offset(), bytes.length);
        for (int i = f.offset() + bytes.length; i < f.offset() + f.length(); i += 2) {
            text[i] = ' ';
            text[i + 1] = 0;
        }
    }
}
