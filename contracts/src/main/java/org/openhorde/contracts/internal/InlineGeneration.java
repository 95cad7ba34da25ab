package org.openhorde.contracts.internal;

/** A worker submitted its image inline (base64) instead of uploading it; the storage service stores it. */
public record InlineGeneration(String base64) {
}
