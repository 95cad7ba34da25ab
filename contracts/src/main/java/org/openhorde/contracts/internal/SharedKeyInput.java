package org.openhorde.contracts.internal;

/**
 * Gateway → kudos-service: create (all fields, defaults already applied) or change (null = unchanged) a shared key.
 * The gateway checked the ranges; kudos-service checks them again.
 *
 * @param actorUserId who asks; only the owner may change or delete a key
 * @param expiryDays  days from now the key stays valid, -1 = never
 */
public record SharedKeyInput(long actorUserId, Long kudos, Integer expiryDays, String name, Integer maxImagePixels,
                             Integer maxImageSteps, Integer maxTextTokens) {
}
