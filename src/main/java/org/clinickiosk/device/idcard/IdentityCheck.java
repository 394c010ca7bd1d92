package org.clinickiosk.device.idcard;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.clinickiosk.common.IdNumber;

/**
 * Turns raw card text into an {@link Identity}, or refuses it with a reason. A card that passed the frame checksum
 * can still carry an impossible ID number or dates (reader faults, unsupported layouts): those are never accepted.
 */
public final class IdentityCheck {

    /** The result of checking one card. */
    public sealed interface Outcome permits Accepted, Refused {}

    public record Accepted(Identity identity) implements Outcome {}

    public record Refused(String reason) implements Outcome {}

    /**
     * Shape of the 15-character permit number on the 2017 foreigner card: three-letter nationality and twelve digits.
     * UNVERIFIED beyond public examples, hence a setting.
     */
    public static final String DEFAULT_FOREIGNER_PERMIT_PATTERN = "[A-Z]{3}\\d{12}";

    private final Pattern foreignerPermitPattern;

    public IdentityCheck(Pattern foreignerPermitPattern) {
        this.foreignerPermitPattern = foreignerPermitPattern;
    }

    public Outcome check(CardText card, LocalDate today) {
        boolean foreigner = card.cardType() == CardType.FOREIGNER_PERMANENT_RESIDENCE;
        if (card.name().isEmpty() && (!foreigner || card.englishName().isEmpty())) {
            return new Refused("the card has no name");
        }
        var sex = Sex.ofCode(card.sexCode());
        if (sex.isEmpty()) return new Refused("the card has an unknown sex code");
        LocalDate birth = date(card.birthDate());
        if (birth == null) return new Refused("the card's birth date is not a real date");
        if (birth.isAfter(today)) return new Refused("the card's birth date lies in the future");
        LocalDate validFrom = date(card.validFrom());
        LocalDate validTo = CardText.LONG_TERM.equals(card.validTo()) ? null : date(card.validTo());
        if (validFrom == null || (validTo == null && !CardText.LONG_TERM.equals(card.validTo()))) {
            return new Refused("the card's validity dates are not readable");
        }
        if (validTo != null && validTo.isBefore(validFrom)) {
            return new Refused("the card's validity ends before it starts");
        }
        String numberProblem = numberProblem(card, birth, today);
        if (numberProblem != null) return new Refused(numberProblem);

        String nation = foreigner || card.cardType() == CardType.HK_MACAU_TAIWAN_RESIDENCE
                ? "" : Nations.name(card.nationCode()).orElse(card.nationCode());
        boolean expired = validTo != null && validTo.isBefore(today);
        return new Accepted(new Identity(card.cardType(), card.name(), sex.get(), card.nationCode(), nation, birth,
                card.address(), card.idNumber().toUpperCase(), card.issuingAuthority(), validFrom, validTo, expired,
                card.englishName(), card.nationalityCode(), card.passNumber(), card.issueCount(), ""));
    }

    /** Why the card's number is unacceptable, or null. */
    private String numberProblem(CardText card, LocalDate birth, LocalDate today) {
        String number = card.idNumber();
        if (card.cardType() == CardType.FOREIGNER_PERMANENT_RESIDENCE && number.length() != 18) {
            return foreignerPermitPattern.matcher(number).matches()
                    ? null : "the card's permit number has an unknown format";
        }
        IdNumber.Check check = IdNumber.check(number, today);
        if (!check.valid()) return "the card's ID number is invalid: " + check.problem();
        if (!check.idNumber().birthDate().equals(birth)) {
            return "the card's birth date does not match its ID number";
        }
        return null;
    }

    /** YYYYMMDD as a real date, else null. */
    private static LocalDate date(String text) {
        if (text.length() != 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
        try {
            return LocalDate.of(Integer.parseInt(text.substring(0, 4)), Integer.parseInt(text.substring(4, 6)),
                    Integer.parseInt(text.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
