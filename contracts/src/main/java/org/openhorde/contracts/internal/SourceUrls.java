package org.openhorde.contracts.internal;

/**
 * Presigned download URLs of a request's sources, for the worker that popped it.
 *
 * @param maskUrl {@code null} when the request has no mask
 */
public record SourceUrls(String imageUrl, String maskUrl, int expiresInSeconds) {
}
