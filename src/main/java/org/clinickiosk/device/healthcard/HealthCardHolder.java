package org.clinickiosk.device.healthcard;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.idcard.Sex;

import java.time.LocalDate;

/** A checked resident health card: the ID number's check digit and birth date are valid. */
public record HealthCardHolder(String name, Sex sex, String nation, LocalDate birthDate, String idNumber,
                               String cardNumber) {

    public static final String CARD_TYPE = "residentHealthCard";

    /** The body of the {@code identified} event, shaped like the ID card reader's. */
    public JsonObject toEvent() {
        return new JsonObject()
                .put("cardType", CARD_TYPE)
                .put("name", name)
                .put("sex", sex.jsonName())
                .put("nation", nation)
                .put("birthDate", birthDate.toString())
                .put("idNumber", idNumber)
                .put("cardNumber", cardNumber);
    }

    /** Never the name or ID number, for logs and assertion messages. */
    @Override
    public String toString() {
        return "HealthCardHolder[masked]";
    }
}
