package org.openhorde.contracts.internal;

import java.util.List;

/**
 * Where storage-service stored a request's sources (object keys in the sources bucket).
 *
 * @param maskKey        {@code null} when the request has no mask
 * @param extraImageKeys a remix request's extra source images, in order ({@code null} = none)
 */
public record SourceKeys(String imageKey, String maskKey, List<String> extraImageKeys) {

    /** Keys without extra source images. */
    public SourceKeys(String imageKey, String maskKey) {
        this(imageKey, maskKey, List.of());
    }

    /** The extra images' keys, never null. */
    public List<String> extraKeys() {
        return extraImageKeys == null ? List.of() : extraImageKeys;
    }
}
