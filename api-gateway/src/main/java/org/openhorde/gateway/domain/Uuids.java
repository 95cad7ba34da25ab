package org.openhorde.gateway.domain;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Ids on the wire are canonical UUIDs. {@link UUID#fromString} also accepts shapes like {@code 1-1-1-1-1}; the AI
 * Horde treats anything that is not a real UUID as "not found", so we parse strictly.
 */
public final class Uuids {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    public static Optional<UUID> parse(String text) {
        return text != null && CANONICAL.matcher(text).matches()
                ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }
}
