package org.openhorde.contracts.internal;

/** The only moment an API key is visible: right after it was issued. Only its salted hash is stored. */
public record IssuedApiKey(long id, String username, String apikey, long kudos) {
}
