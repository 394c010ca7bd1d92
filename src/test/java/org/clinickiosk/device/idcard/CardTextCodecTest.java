package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding text blocks laid out by hand at the documented offsets (not by our encoder). */
class CardTextCodecTest {

    /** A 256-byte block of UCS-2 spaces with values placed at byte offsets. */
    static byte[] block(Object... offsetAndValue) {
        byte[] text = new byte[256];
        for (int i = 0; i < 256; i += 2) text[i] = ' ';
        for (int i = 0; i < offsetAndValue.length; i += 2) {
            byte[] v = ((String) offsetAndValue[i + 1]).getBytes(StandardCharsets.UTF_16LE);
            System.arraycopy(v, 0, text, (Integer) offsetAndValue[i], v.length);
        }
        return text;
    }

    static byte[] residentBlock() {
        return block(0, "林晓燕", 30, "2", 32, "01", 36, "19850312", 52, "安徽省合肥市蜀山区梧桐路88号3栋502室",
                122, "340104198503120246", 158, "合肥市公安局蜀山分局", 188, "20160520", 204, "20360520");
    }

    @Test
    void residentCard() {
        CardText card = CardTextCodec.decode(residentBlock());
        assertEquals(new CardText(CardType.RESIDENT_ID, "林晓燕", "2", "01", "19850312",
                "安徽省合肥市蜀山区梧桐路88号3栋502室", "340104198503120246", "合肥市公安局蜀山分局", "20160520",
                "20360520", "", "", "", "", "", ""), card);
    }

    @Test
    void foreignerPermanentResidenceCard() {
        byte[] text = block(0, "MARTIN, ELENA SOFIA", 120, "2", 122, "CAN310085061501", 152, "CAN", 158, "马爱琳",
                188, "20180301", 204, "20280301", 220, "19850615", 236, "01", 240, "3100", 248, "I");
        assertEquals(new CardText(CardType.FOREIGNER_PERMANENT_RESIDENCE, "马爱琳", "2", "", "19850615", "",
                "CAN310085061501", "", "20180301", "20280301", "MARTIN, ELENA SOFIA", "CAN", "01", "3100", "", ""),
                CardTextCodec.decode(text));
    }

    @Test
    void hongKongMacauTaiwanResidencePermit() {
        byte[] text = block(0, "陈家豪", 30, "1", 36, "19900420", 52, "广东省深圳市福田区福华路66号",
                122, "810000199004200010", 158, "深圳市公安局", 188, "20220801", 204, "20270801",
                220, "H60123456", 238, "01", 248, "J");
        CardText card = CardTextCodec.decode(text);
        assertEquals(CardType.HK_MACAU_TAIWAN_RESIDENCE, card.cardType());
        assertEquals(List.of("陈家豪", "1", "", "19900420", "810000199004200010", "H60123456", "01"),
                List.of(card.name(), card.sexCode(), card.nationCode(), card.birthDate(), card.idNumber(),
                        card.passNumber(), card.issueCount()));
    }

    @Test
    void typeFlagNeedsItsZeroHighByte() {
        byte[] text = residentBlock();
        text[248] = 'I';
        text[249] = 1; // U+0149, not 'I'
        assertEquals(CardType.RESIDENT_ID, CardTextCodec.cardTypeOf(text));
    }

    @Test
    void longTermAndNulPaddingAreRead() {
        byte[] text = residentBlock();
        byte[] longTerm = "长期".getBytes(StandardCharsets.UTF_16LE);
        Arrays.fill(text, 204, 220, (byte) 0);
        System.arraycopy(longTerm, 0, text, 204, longTerm.length);
        assertEquals(CardText.LONG_TERM, CardTextCodec.decode(text).validTo());
    }

    @Test
    void encoderProducesTheSameBlocks() {
        assertArrayEquals(residentBlock(), CardTextCodec.encode(CardTextCodec.decode(residentBlock())));
    }

    @Test
    void encoderRefusesValuesWiderThanTheirField() {
        CardText tooLong = new CardText(CardType.RESIDENT_ID, "一二三四五六七八九十一二三四五六", "1", "01", "19800101",
                "", "34052419800101001X", "", "20200101", "20300101", "", "", "", "", "", "");
        assertThrows(IllegalArgumentException.class, () -> CardTextCodec.encode(tooLong));
    }

    @Test
    void wrongBlockSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CardTextCodec.decode(new byte[255]));
    }
}
