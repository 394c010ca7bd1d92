package org.clinickiosk.device.idcard;

import java.time.LocalDate;
import org.clinickiosk.common.Masking;

/**
 * A card holder's identity after all checks passed. {@code idNumber} is the 18-character citizen number (resident
 * card, 'J' permit) or the permit number (foreigner card). {@code validTo} is null for a long-term card.
 * {@code expired} says the card's validity ended before the day it was read: the kiosk must tell the person, not
 * silently accept it. Empty strings stand for fields the card type does not have.
 */
public record Identity(
        CardType cardType,
        String name,
        Sex sex,
        String nationCode,
        String nation,
        LocalDate birthDate,
        String address,
        String idNumber,
        String issuingAuthority,
        LocalDate validFrom,
        LocalDate validTo,
        boolean expired,
        String englishName,
        String nationality,
        String passNumber,
        String issueCount,
        String appendedAddress) {

    public boolean longTerm() {
        return validTo == null;
    }

    /** The same identity with the reader's appended address (the holder moved since the card was issued). */
    public Identity withAppendedAddress(String address) {
        return new Identity(cardType, name, sex, nationCode, nation, birthDate, this.address, idNumber,
                issuingAuthority, validFrom, validTo, expired, englishName, nationality, passNumber, issueCount,
                address);
    }

    @Override
    public String toString() {
        // personal data: logs and assertion messages get masked values only
        return "Identity[" + cardType + ", " + Masking.name(name.isEmpty() ? englishName : name) + ", "
                + Masking.idNumber(idNumber) + (expired ? ", expired" : "") + "]";
    }
}
