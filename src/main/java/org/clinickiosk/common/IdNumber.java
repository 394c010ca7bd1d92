package org.clinickiosk.common;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * Chinese citizen identity number (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence,
 * ISO 7064 MOD 11-2 check character. Also the 2023 foreigner permanent residence card number, which uses the
 * same layout with a leading 9.
 */
public record IdNumber(String value) {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";

    /** Why an ID number was refused; {@code null} reason means valid. */
    public record Check(IdNumber idNumber, String problem) {
        public boolean valid() { return problem == null; }
    }

    /** Validates the shape, birth date (real, not in the future) and check character. Never throws. */
    public static Check check(String text, LocalDate today) {
        if (text == null) return new Check(null, "ID number is missing");
        String s = text.trim().toUpperCase();
        if (s.length() != 18) return new Check(null, "ID number must have 18 characters, got " + s.length());
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return new Check(null, "ID number may only contain digits before the last character");
            }
        }
        char last = s.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return new Check(null, "the last character must be a digit or X");
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(Integer.parseInt(s.substring(6, 10)), Integer.parseInt(s.substring(10, 12)),
                    Integer.parseInt(s.substring(12, 14)));
        } catch (DateTimeException e) {
            return new Check(null, "the birth date in the ID number is not a real date");
        }
        if (birth.isAfter(today)) return new Check(null, "the birth date in the ID number lies in the future");
        if (birth.getYear() < 1880) return new Check(null, "the birth date in the ID number is implausibly early");
        if (checkChar(s) != last) return new Check(null, "the check digit does not match (a digit may be mistyped)");
        return new Check(new IdNumber(s), null);
    }

    /** The check character the first 17 digits call for. */
    public static char checkChar(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        return CHECK_CHARS.charAt(sum % 11);
    }

    /** Parses a value already known to be valid, e.g. from the database. */
    public static Optional<IdNumber> parse(String text, LocalDate today) {
        return Optional.ofNullable(check(text, today).idNumber());
    }

    public LocalDate birthDate() {
        return LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
                Integer.parseInt(value.substring(12, 14)));
    }

    /** "M" or "F": the 17th digit is odd for men, even for women. */
    public String sex() {
        return (value.charAt(16) - '0') % 2 == 1 ? "M" : "F";
    }

    public int ageOn(LocalDate day) {
        return Period.between(birthDate(), day).getYears();
    }

    public String masked() {
        return Masking.idNumber(value);
    }

    /** Never print the number itself by accident (logs, string concatenation). */
    @Override
    public String toString() {
        return masked();
    }
}
