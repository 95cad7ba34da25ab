package org.openhorde.storage.domain;

import java.time.Instant;

/**
 * What the storage-service recorded about a request's requester when the request was accepted.
 *
 * @param userType        null when the gateway did not say
 * @param imagesRequested null when the gateway did not say
 */
public record RequesterProfile(UserType userType, Long imagesRequested, Instant submittedAt) {
}
