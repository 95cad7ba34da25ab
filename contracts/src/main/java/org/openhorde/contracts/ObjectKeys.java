package org.openhorde.contracts;

import java.util.UUID;

/**
 * Object key scheme in the storage buckets (as the AI Horde names its R2 objects): a generation is
 * {@code <job id>.webp} in the generations bucket; a shared copy keeps the same key in the shared bucket, with its
 * metadata sidecar at {@code <job id>.json}; a request's source image and mask are {@code <request id>_src.webp} and
 * {@code <request id>_msk.webp} in the sources bucket, its extra source images (remix) {@code
 * <request id>_exra_src_<i>.webp} (the AI Horde's spelling, "exra").
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    public static String generation(UUID jobId) {
        return jobId + ".webp";
    }

    public static String sharedSidecar(UUID jobId) {
        return jobId + ".json";
    }

    public static String sourceImage(UUID requestId) {
        return requestId + "_src.webp";
    }

    public static String sourceMask(UUID requestId) {
        return requestId + "_msk.webp";
    }

    /** The {@code index}-th (from 0) extra source image of a remix request. */
    public static String extraSourceImage(UUID requestId, int index) {
        return requestId + "_exra_src_" + index + ".webp";
    }
}
