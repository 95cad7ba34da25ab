package org.openhorde.contracts.internal;

/**
 * Where storage-service stored a request's sources (object keys in the sources bucket).
 *
 * @param maskKey {@code null} when the request has no mask
 */
public record SourceKeys(String imageKey, String maskKey) {
}
