package org.clinickiosk.device.idcard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the simulator's cards from a JSON array (devices/idcard/identities.json). Each entry holds the card's raw
 * fields as the chip stores them: cardType (resident | foreignerPermanentResidence | hkMacauTaiwanResidence), name,
 * sex (code), nation (code), birthDate, address, idNumber, issuingAuthority, validFrom, validTo (YYYYMMDD or 长期),
 * englishName, nationality, cardVersion, issuingOfficeCode, passNumber, issueCount, appendedAddress. Missing keys are
 * empty. Only invented people belong in such a file.
 */
public final class FictionalIdentities {
    private FictionalIdentities() {}

    /** A simulated card: its text block and the address a reader would append (empty for none). */
    public record FictionalCard(CardText text, String appendedAddress) {}

    public static List<FictionalCard> load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static List<FictionalCard> parse(String json) {
        List<FictionalCard> cards = new ArrayList<>();
        for (Object entry : new JsonArray(json)) {
            JsonObject o = (JsonObject) entry;
            CardText text = new CardText(CardType.fromJsonName(o.getString("cardType", "resident")),
                    o.getString("name", ""), o.getString("sex", ""), o.getString("nation", ""),
                    o.getString("birthDate", ""), o.getString("address", ""), o.getString("idNumber", ""),
                    o.getString("issuingAuthority", ""), o.getString("validFrom", ""), o.getString("validTo", ""),
                    o.getString("englishName", ""), o.getString("nationality", ""), o.getString("cardVersion", ""),
                    o.getString("issuingOfficeCode", ""), o.getString("passNumber", ""),
                    o.getString("issueCount", ""));
            CardTextCodec.encode(text); // fails early on a value too wide for its field
            cards.add(new FictionalCard(text, o.getString("appendedAddress", "")));
        }
        return cards;
    }
}
