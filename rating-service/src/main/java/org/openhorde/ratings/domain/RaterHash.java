package org.openhorde.ratings.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The rater's id as researchers see it: a salted SHA-256, stable across ratings (so one rater's ratings can be
 * grouped and filtered) but not reversible without the horde's salt (user ids are small integers).
 */
public final class RaterHash {

    private RaterHash() {
    }

    public static String of(String salt, long userId) {
        String subject = userId == 0 ? "anonymous" : Long.toString(userId);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((salt + ":" + subject).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
