package org.openhorde.contracts.internal;

/**
 * Where storage-service stored a request's sources (object keys in the sources bucket), and the source image's size
 * (interrogations price post-processor forms by its 512-pixel tiles).
 *
 * @param maskKey {@code null} when the request has none
 * @param width   the stored source image's width in pixels; 0 when unknown (keys sent back by a caller)
 * @param height  the stored source image's height in pixels; 0 when unknown
 */
public record SourceKeys(String imageKey, String maskKey, int width, int height) {

    /** Keys without a size: what a caller sends to ask for download URLs. */
    public SourceKeys(String imageKey, String maskKey) {
        this(imageKey, maskKey, 0, 0);
    }
}
