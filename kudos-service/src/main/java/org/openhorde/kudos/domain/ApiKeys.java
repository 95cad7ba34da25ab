package org.openhorde.kudos.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys as the AI Horde makes them: 16 random bytes, URL-safe base64 (22 characters). Only
 * {@code sha256(salt + key)} is stored, so a leaked table does not leak keys, and a key can still be looked up
 * by its hash.
 */
public final class ApiKeys {

    /** The AI Horde's well-known key of the anonymous user. */
    public static final String ANONYMOUS_KEY = "0000000000";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String salt, String apiKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest((salt + apiKey).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
