package org.openhorde.contracts.internal;

import java.util.List;

/**
 * Presigned download URLs of a request's sources, for the worker that popped it.
 *
 * @param maskUrl        {@code null} when the request has no mask
 * @param extraImageUrls the extra source images' URLs, in the order of the keys asked for ({@code null} = none)
 */
public record SourceUrls(String imageUrl, String maskUrl, int expiresInSeconds, List<String> extraImageUrls) {

    /** URLs without extra source images. */
    public SourceUrls(String imageUrl, String maskUrl, int expiresInSeconds) {
        this(imageUrl, maskUrl, expiresInSeconds, List.of());
    }

    /** The extra images' URLs, never null. */
    public List<String> extraUrls() {
        return extraImageUrls == null ? List.of() : extraImageUrls;
    }
}
