package org.openhorde.contracts.internal;

/**
 * A generation as a client with {@code r2: false} receives it: the image itself as base64, or — when it is larger
 * than the service hands out inline, or missing — {@code base64} is {@code null} and {@code url} is a presigned
 * download URL.
 */
public record GenerationImage(String base64, String url) {
}
