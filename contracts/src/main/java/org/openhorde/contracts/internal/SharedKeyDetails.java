package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * A shared key as kudos-service keeps it (AI Horde {@code UserSharedKey}).
 *
 * @param ownerAlias     the owner's {@code username#id}
 * @param kudos          centikudos the key may still spend; -1 = unlimited
 * @param expiry         when the key stops working, {@code null} = never
 * @param utilized       centikudos spent through the key so far
 * @param maxImagePixels most pixels (width × height) per image job, -1 = no limit
 * @param maxImageSteps  most steps per image job, -1 = no limit
 * @param maxTextTokens  most tokens per text job, -1 = no limit
 */
public record SharedKeyDetails(UUID id, long ownerUserId, String ownerAlias, String name, long kudos,
                               Instant expiry, long utilized, int maxImagePixels, int maxImageSteps,
                               int maxTextTokens) {

    /** Whether the key has run out (the AI Horde's {@code SharedKeyEmpty}); -1 never runs out. */
    public boolean empty() {
        return kudos == 0;
    }

    public boolean expiredAt(Instant now) {
        return expiry != null && expiry.isBefore(now);
    }
}
