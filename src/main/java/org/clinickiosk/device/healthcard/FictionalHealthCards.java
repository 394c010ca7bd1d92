package org.clinickiosk.device.healthcard;

import org.clinickiosk.common.IdNumber;
import org.clinickiosk.device.idcard.CardType;
import org.clinickiosk.device.idcard.FictionalIdentities;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Health cards for the simulated reader, made from the fictional ID card holders shipped for the ID card simulator
 * (devices/idcard/identities.json), written where the configured profile reads them.
 */
final class FictionalHealthCards {
    private FictionalHealthCards() {}

    /**
     * {@code insert-card} arguments: {@code index} (into the fictional residents, default 0) and {@code fault}:
     * {@code bad-check-digit} (the ID number's last character altered) or {@code unreadable} (the holder file missing).
     */
    static Function<Map<String, String>, VirtualHealthCard> maker(HealthCardProfile profile) {
        List<FictionalIdentities.FictionalCard> residents = residents();
        return args -> {
            int index;
            try {
                index = Integer.parseInt(args.getOrDefault("index", "0").strip());
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= residents.size()) {
                throw new IllegalArgumentException("insert-card needs index 0.." + (residents.size() - 1));
            }
            var text = residents.get(index).text();
            String fault = args.get("fault");
            String idNumber = text.idNumber();
            if ("bad-check-digit".equals(fault)) idNumber = withWrongCheckDigit(idNumber);
            else if (fault != null && !"unreadable".equals(fault)) {
                throw new IllegalArgumentException("fault must be bad-check-digit or unreadable, got " + fault);
            }
            Map<String, String> values = new HashMap<>();
            values.put("name", text.name());
            values.put("sex", text.sexCode());
            values.put("nation", text.nationCode());
            values.put("birthDate", text.birthDate());
            values.put("idNumber", idNumber);
            // fictional card numbers: H + the last 17 characters of the ID number
            values.put("cardNumber", "H" + text.idNumber().substring(1));
            VirtualHealthCard card = VirtualHealthCard.laidOut(profile, values);
            if ("unreadable".equals(fault)) {
                card.removeFile(profile.files().get(profile.fields().get("idNumber").file()));
            }
            return card;
        };
    }

    static String withWrongCheckDigit(String idNumber) {
        char right = IdNumber.checkChar(idNumber.substring(0, 17));
        return idNumber.substring(0, 17) + (right == '0' ? '1' : '0');
    }

    private static List<FictionalIdentities.FictionalCard> residents() {
        try (InputStream in = FictionalHealthCards.class.getResourceAsStream("/simulator/idcard/identities.json")) {
            if (in == null) throw new IOException("the built-in fictional identities are missing from the jar");
            return FictionalIdentities.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).stream()
                    .filter(card -> card.text().cardType() == CardType.RESIDENT_ID).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fictional residents: " + e.getMessage(), e);
        }
    }
}
