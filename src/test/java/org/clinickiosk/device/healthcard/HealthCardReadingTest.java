package org.clinickiosk.device.healthcard;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.idcard.Sex;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCardReadingTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 5, 6);
    private static final HealthCardProfile PROFILE = HealthCardProfile.defaults();

    /** A fictional holder written the way the default profile reads it. */
    private static Map<String, String> lin() {
        Map<String, String> values = new HashMap<>();
        values.put("name", "林晓燕");
        values.put("sex", "2");
        values.put("nation", "01");
        values.put("birthDate", "19850312");
        values.put("idNumber", "340104198503120246");
        values.put("cardNumber", "H40104198503120246");
        return values;
    }

    @Test
    void readsTheHolderFromHandWrittenGbkBytes() {
        // the EF06 bytes spelt out, independently of our own encoder: 林晓燕 in GBK is C1D6 CFFE D1E0
        String holder = "C1D6CFFED1E0" + "00".repeat(24) + "32" + "3031" + "19850312"
                + HexFormat.of().formatHex("340104198503120246".getBytes()) + "00".repeat(9);
        ScriptedCard card = new ScriptedCard()
                .answer("00A40000023F00", "9000").answer("00A4000002DDF1", "9000")
                .answer("00A4000002EF05", "9000")
                .answer("00B2010400", HexFormat.of().formatHex("H40104198503120246".getBytes()) + "9000")
                .answer("00A4000002EF06", "9000").answer("00B0000040", holder + "9000");

        var outcome = HealthCardReading.read(PROFILE, card, TODAY);

        HealthCardHolder read = assertInstanceOf(HealthCardReading.Identified.class, outcome).holder();
        assertEquals(new HealthCardHolder("林晓燕", Sex.FEMALE, "汉", LocalDate.of(1985, 3, 12), "340104198503120246",
                "H40104198503120246"), read);
        assertEquals(new JsonObject().put("cardType", "residentHealthCard").put("name", "林晓燕").put("sex", "F")
                .put("nation", "汉").put("birthDate", "1985-03-12").put("idNumber", "340104198503120246")
                .put("cardNumber", "H40104198503120246"), read.toEvent());
    }

    @Test
    void theVirtualCardAnswersWhatTheProfileAsks() {
        var outcome = HealthCardReading.read(PROFILE, VirtualHealthCard.laidOut(PROFILE, lin()), TODAY);
        assertEquals("340104198503120246", assertInstanceOf(HealthCardReading.Identified.class, outcome).holder().idNumber());
    }

    @Test
    void anotherLayoutOnlyNeedsAnotherProfile() {
        // AID selection, a prelude, a holder file over 256 bytes read in two pieces, UTF-8 names, BCD card numbers
        HealthCardProfile profile = HealthCardProfile.parse("profile", new JsonObject("""
                {"encoding": "UTF-8",
                 "prelude": ["apdu:0084000008"],
                 "files": {"holder": {"select": ["aid:D15600001500000001", "fid:0006"], "read": "binary",
                                      "offset": 16, "length": 300}},
                 "fields": {"name": {"file": "holder", "offset": 260, "length": 30},
                            "idNumber": {"file": "holder", "offset": 0, "length": 18},
                            "cardNumber": {"file": "holder", "offset": 20, "length": 5, "format": "bcd"}}}"""));
        Map<String, String> values = new HashMap<>(Map.of("name", "王建国", "idNumber", "510107195208070319",
                "cardNumber", "123456789"));
        ScriptedCard card = new ScriptedCard().answer("0084000008", "11223344556677889000")
                .delegateTo(VirtualHealthCard.laidOut(profile, values));

        HealthCardHolder holder = assertInstanceOf(HealthCardReading.Identified.class,
                HealthCardReading.read(profile, card, TODAY)).holder();

        assertEquals("王建国", holder.name());
        assertEquals("123456789", holder.cardNumber());
        assertEquals(Sex.MALE, holder.sex(), "taken from the ID number when the profile has no sex field");
        assertEquals(LocalDate.of(1952, 8, 7), holder.birthDate());
        assertEquals(List.of("0084000008", "00A4040009D15600001500000001", "00A40000020006", "00B0001000", "00B001102C"),
                card.sent);
    }

    @Test
    void aBadCheckDigitIsNeverAnIdentity() {
        Map<String, String> values = lin();
        values.put("idNumber", FictionalHealthCards.withWrongCheckDigit("340104198503120246"));
        assertUnreadable(VirtualHealthCard.laidOut(PROFILE, values), "the card's ID number is invalid: the check digit does not match");
    }

    @Test
    void inconsistentOrUndecodableFieldsAreRefusedWithTheReason() {
        Map<String, String> values = lin();
        values.put("birthDate", "19850313");
        assertUnreadable(VirtualHealthCard.laidOut(PROFILE, values), "the card's birth date does not match its ID number");

        values = lin();
        values.put("sex", "7");
        assertUnreadable(VirtualHealthCard.laidOut(PROFILE, values), "the card has an unknown sex code");

        values = lin();
        values.put("name", "");
        assertUnreadable(VirtualHealthCard.laidOut(PROFILE, values), "the card has no name");

        ScriptedCard notGbk = new ScriptedCard().answer("00B0000040", "FF30" + "00".repeat(62) + "9000")
                .delegateTo(VirtualHealthCard.laidOut(PROFILE, lin()));
        assertUnreadable(notGbk, "the card's name is not readable as text (wrong profile?)");
    }

    @Test
    void aCardWithoutTheFilesSaysWhichCommandFailed() {
        VirtualHealthCard card = VirtualHealthCard.laidOut(PROFILE, lin());
        card.removeFile(PROFILE.files().get("holder"));
        assertUnreadable(card, "the card refused SELECT fid:EF06 for holder: 6A82 (file or application not found)");

        assertUnreadable(new ScriptedCard().answer("00A40000023F00", "6982"),
                "the card refused SELECT fid:3F00 for cardInfo: 6982 (security status not satisfied");
        assertUnreadable(new ScriptedCard().answer("00A40000023F00", "90"),
                "the card refused SELECT fid:3F00 for cardInfo: no status word");
    }

    @Test
    void aCardTakenOutWhileReadingIsUnreadable() {
        ApduChannel gone = command -> {
            throw new ApduChannel.CardIoException("the card was taken out while reading");
        };
        assertUnreadable(gone, "the card could not be read: the card was taken out while reading");
    }

    private static void assertUnreadable(ApduChannel card, String reasonStart) {
        var outcome = HealthCardReading.read(PROFILE, card, TODAY);
        String reason = assertInstanceOf(HealthCardReading.Unreadable.class, outcome).reason();
        assertTrue(reason.startsWith(reasonStart), reason);
    }

    /** Fixed answers for some commands (hex), the rest passed on (or 6D00); remembers what was sent. */
    private static final class ScriptedCard implements ApduChannel {
        final Map<String, String> answers = new HashMap<>();
        final List<String> sent = new ArrayList<>();
        ApduChannel next = command -> new byte[]{0x6D, 0x00};

        ScriptedCard answer(String command, String response) {
            answers.put(command, response);
            return this;
        }

        ScriptedCard delegateTo(ApduChannel card) {
            next = card;
            return this;
        }

        @Override
        public byte[] transmit(byte[] command) throws CardIoException {
            String hex = Apdus.hex(command);
            sent.add(hex);
            String answer = answers.get(hex);
            return answer == null ? next.transmit(command) : HexFormat.of().parseHex(answer);
        }
    }
}
