package org.openhorde.contracts.internal;

/** Gateway → kudos-service: who owns this API key? The raw key never leaves these two services. */
public record ApiKeyLookup(String apikey) {
}
