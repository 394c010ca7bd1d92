package org.clinickiosk.device.healthcard;

import org.clinickiosk.common.IdNumber;
import org.clinickiosk.device.idcard.Nations;
import org.clinickiosk.device.idcard.Sex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one inserted card as its profile says and checks what it holds. Never throws for anything the card does:
 * every failure is an {@link Unreadable} with a reason, and an identity comes only from a fully valid card.
 */
public final class HealthCardReading {
    private HealthCardReading() {}

    public sealed interface Outcome {}

    public record Identified(HealthCardHolder holder) implements Outcome {}

    public record Unreadable(String reason) implements Outcome {}

    /** Runs the profile's APDU sequence on the card, then {@link #check}s the fields. */
    public static Outcome read(HealthCardProfile profile, ApduChannel card, LocalDate today) {
        try {
            for (HealthCardProfile.Command command : profile.prelude()) {
                expectOk(command.label(), card.transmit(command.apdu()));
            }
            Map<String, byte[]> contents = new HashMap<>();
            for (HealthCardProfile.CardFile file : profile.files().values()) {
                boolean used = profile.fields().values().stream().anyMatch(f -> f.file().equals(file.name()));
                if (used) contents.put(file.name(), readFile(file, card));
            }
            Map<String, String> values = new HashMap<>();
            for (var entry : profile.fields().entrySet()) {
                String value = decode(profile, entry.getValue(), contents.get(entry.getValue().file()));
                if (value == null) {
                    return new Unreadable("the card's " + entry.getKey() + " is not readable as "
                            + entry.getValue().format().name().toLowerCase() + " (wrong profile?)");
                }
                values.put(entry.getKey(), value);
            }
            return check(values, today);
        } catch (CardRefused e) {
            return new Unreadable(e.getMessage());
        } catch (ApduChannel.CardIoException e) {
            return new Unreadable("the card could not be read: " + e.getMessage());
        }
    }

    /** Turns decoded field values into a holder, or refuses the card with the reason. */
    public static Outcome check(Map<String, String> values, LocalDate today) {
        String name = values.getOrDefault("name", "");
        if (name.isEmpty()) return new Unreadable("the card has no name");
        IdNumber.Check id = IdNumber.check(values.get("idNumber"), today);
        if (!id.valid()) return new Unreadable("the card's ID number is invalid: " + id.problem());
        LocalDate birth = id.idNumber().birthDate();
        if (values.containsKey("birthDate")) {
            LocalDate written = date(values.get("birthDate"));
            if (written == null) return new Unreadable("the card's birth date is not a real date");
            if (!written.equals(birth)) return new Unreadable("the card's birth date does not match its ID number");
        }
        Sex sex;
        if (values.containsKey("sex")) {
            sex = sex(values.get("sex"));
            if (sex == null) return new Unreadable("the card has an unknown sex code");
        } else {
            sex = id.idNumber().sex().equals("M") ? Sex.MALE : Sex.FEMALE;
        }
        String nationCode = values.getOrDefault("nation", "");
        String nation = nationCode.matches("\\d{2}") ? Nations.name(nationCode).orElse(nationCode) : nationCode;
        return new Identified(new HealthCardHolder(name, sex, nation, birth, id.idNumber().value(),
                values.getOrDefault("cardNumber", "")));
    }

    private static byte[] readFile(HealthCardProfile.CardFile file, ApduChannel card)
            throws ApduChannel.CardIoException, CardRefused {
        for (HealthCardProfile.Command step : file.select()) {
            expectOk("SELECT " + step.label() + " for " + file.name(), card.transmit(step.apdu()));
        }
        if (file.mode() == HealthCardProfile.ReadMode.RECORD) {
            byte[] response = card.transmit(Apdus.readRecord(file.record(), file.length()));
            expectOk("READ RECORD " + file.record() + " of " + file.name(), response);
            return data(response);
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (content.size() < file.length()) {
            int chunk = Math.min(256, file.length() - content.size());
            byte[] response = card.transmit(Apdus.readBinary(file.offset() + content.size(), chunk));
            int sw = sw(response);
            if (sw != Apdus.OK && sw != Apdus.END_OF_FILE) {
                throw new CardRefused("the card refused READ BINARY of " + file.name() + ": " + Apdus.describe(sw));
            }
            content.writeBytes(data(response));
            if (sw == Apdus.END_OF_FILE || data(response).length < chunk) break;
        }
        return content.toByteArray();
    }

    /** The field's text, or null when its bytes are missing or not valid in its format. */
    static String decode(HealthCardProfile profile, HealthCardProfile.Field field, byte[] content) {
        if (content.length < field.offset() + field.length()) return null;
        byte[] bytes = Arrays.copyOfRange(content, field.offset(), field.offset() + field.length());
        return switch (field.format()) {
            case TEXT -> text(profile, bytes);
            case BCD -> bcd(bytes);
            case HEX -> Apdus.hex(bytes);
        };
    }

    /** Text padded with NUL, space or FF (cards differ), decoded strictly so bad bytes are not guessed at. */
    private static String text(HealthCardProfile profile, byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == 0x00 || bytes[end - 1] == 0x20 || bytes[end - 1] == (byte) 0xFF)) end--;
        try {
            String text = profile.encoding().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end)).toString();
            return text.chars().anyMatch(Character::isISOControl) ? null : text.strip();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Packed BCD digits; an F nibble ends the number (padding). */
    private static String bcd(byte[] bytes) {
        StringBuilder digits = new StringBuilder();
        for (byte b : bytes) {
            for (int nibble : new int[]{(b >> 4) & 0x0F, b & 0x0F}) {
                if (nibble == 0x0F) return digits.toString();
                if (nibble > 9) return null;
                digits.append((char) ('0' + nibble));
            }
        }
        return digits.toString();
    }

    private static Sex sex(String code) {
        return switch (code) {
            case "男" -> Sex.MALE;
            case "女" -> Sex.FEMALE;
            default -> Sex.ofCode(code).orElse(null);
        };
    }

    private static LocalDate date(String text) {
        if (text == null || !text.matches("\\d{8}")) return null;
        try {
            return LocalDate.of(Integer.parseInt(text.substring(0, 4)), Integer.parseInt(text.substring(4, 6)),
                    Integer.parseInt(text.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static void expectOk(String what, byte[] response) throws CardRefused {
        int sw = sw(response);
        if (sw != Apdus.OK) throw new CardRefused("the card refused " + what + ": " + Apdus.describe(sw));
    }

    private static int sw(byte[] response) {
        if (response == null || response.length < 2) return -1;
        return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    }

    private static byte[] data(byte[] response) {
        return Arrays.copyOf(response, response.length - 2);
    }

    /** A status word other than success; internal, turned into {@link Unreadable}. */
    private static final class CardRefused extends Exception {
        CardRefused(String message) {
            super(message);
        }
    }
}
