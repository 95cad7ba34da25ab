package org.openhorde.storage.domain;

import java.util.Locale;
import org.openhorde.contracts.events.Requester;

/** Who asked for a shared image, as the dataset's sidecar records it (the AI Horde's anon / pseudonymous / oauth). */
public enum UserType {
    ANONYMOUS,
    /** Registered without an OAuth identity. */
    PSEUDONYMOUS,
    REGISTERED;

    /** The type of a requester snapshot, or null when the snapshot does not say (an event that relayed it). */
    public static UserType of(Requester requester) {
        if (requester.anonymous()) {
            return ANONYMOUS;
        }
        if (requester.pseudonymous() == null) {
            return null;
        }
        return requester.pseudonymous() ? PSEUDONYMOUS : REGISTERED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UserType fromWire(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
