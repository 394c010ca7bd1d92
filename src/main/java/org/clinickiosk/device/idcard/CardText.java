package org.clinickiosk.device.idcard;

import org.clinickiosk.common.Masking;

/**
 * The text block's fields exactly as the chip stores them (trimmed strings, not yet validated). Fields a card type
 * does not have are empty. For a foreigner card, {@code idNumber} is the permit number and {@code name} the Chinese
 * name.
 */
public record CardText(
        CardType cardType,
        String name,
        String sexCode,
        String nationCode,
        String birthDate,
        String address,
        String idNumber,
        String issuingAuthority,
        String validFrom,
        String validTo,
        String englishName,
        String nationalityCode,
        String cardVersion,
        String issuingOfficeCode,
        String passNumber,
        String issueCount) {

    /** Written on the card instead of an end date when the card never expires. */
    public static final String LONG_TERM = "长期";

    @Override
    public String toString() {
        // personal data: never print it whole, records end up in logs and assertion messages
        return "CardText[" + cardType + ", " + Masking.name(name.isEmpty() ? englishName : name) + ", "
                + Masking.idNumber(idNumber) + "]";
    }
}
