package org.clinickiosk.staff;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/** bcrypt (a vetted, salted, slow hash) for staff passwords. Cost 12 for new hashes; 10 or more is accepted. */
public final class Passwords {
    private Passwords() {}

    static final int COST = 12;
    static final int MINIMUM_LENGTH = 8;

    /** Used when the username is unknown, so a wrong name and a wrong password take the same time. */
    private static final class Dummy {
        static final String HASH = hash("no-such-account-" + System.nanoTime());
    }

    public static String hash(String password) {
        if (password == null || password.length() < MINIMUM_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MINIMUM_LENGTH + " characters");
        }
        return new String(BCrypt.withDefaults().hash(COST, password.toCharArray()), StandardCharsets.UTF_8);
    }

    public static boolean matches(String password, String hash) {
        if (password == null) return false;
        return BCrypt.verifyer().verify(password.toCharArray(), hash == null ? Dummy.HASH : hash).verified
                && hash != null;
    }
}
