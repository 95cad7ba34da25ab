package org.openhorde.kudos.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** What a username may be: 3–30 printable characters, no {@code #} (it separates the alias's id). */
public final class Usernames {

    public static final int MAX_LENGTH = 30;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N} _.\\-]{3,30}");

    private Usernames() {
    }

    /** Why a username is refused, or empty when it is fine. */
    public static Optional<String> problem(String username) {
        if (username == null || username.isBlank()) {
            return Optional.of("username is required");
        }
        if (username.length() > MAX_LENGTH) {
            return Optional.of("username must be at most " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(username).matches()) {
            return Optional.of("username must be 3-30 letters, digits, spaces, '_', '.' or '-'");
        }
        return Optional.empty();
    }
}
