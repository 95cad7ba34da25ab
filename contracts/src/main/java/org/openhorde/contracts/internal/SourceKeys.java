package org.openhorde.contracts.internal;

import java.util.List;

/**
 * Where storage-service stored a request's sources (object keys in the sources bucket), and the source image's size
 * (interrogations price post-processor forms by its 512-pixel tiles).
 *
 * @param maskKey        {@code null} when the request has no mask
 * @param extraImageKeys a remix request's extra source images, in order ({@code null} = none)
 * @param width          the stored source image's width in pixels; 0 when unknown (keys sent back by a caller)
 * @param height         the stored source image's height in pixels; 0 when unknown
 */
public record SourceKeys(String imageKey, String maskKey, List<String> extraImageKeys, int width, int height) {

    /** Keys without extra source images and without a size: what a caller sends to ask for download URLs. */
    public SourceKeys(String imageKey, String maskKey) {
        this(imageKey, maskKey, List.of(), 0, 0);
    }

    /** Keys with a remix's extra source images, without a size. */
    public SourceKeys(String imageKey, String maskKey, List<String> extraImageKeys) {
        this(imageKey, maskKey, extraImageKeys, 0, 0);
    }

    /** Keys of a stored source image of a known size, without extra images. */
    public SourceKeys(String imageKey, String maskKey, int width, int height) {
        this(imageKey, maskKey, List.of(), width, height);
    }

    /** The extra images' keys, never null. */
    public List<String> extraKeys() {
        return extraImageKeys == null ? List.of() : extraImageKeys;
    }
}
