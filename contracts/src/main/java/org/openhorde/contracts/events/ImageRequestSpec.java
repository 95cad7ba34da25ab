package org.openhorde.contracts.events;

import java.util.List;

/**
 * Everything a worker and the other services need to know about an image request, as accepted by the gateway.
 *
 * @param sharedRequested what the client asked for; whether sharing applies is decided by
 *                        {@link org.openhorde.contracts.economy.SharingPolicy} and carried separately
 * @param sourceImageKey  object key of the source image in the sources bucket, or {@code null} for text-to-image
 * @param extraSlowWorkers the request admits workers that declare {@code extra_slow_worker} (AI Horde
 *                        {@code extra_slow_workers}, default false); absent in specs written before it, so false
 * @param extraSourceImages a remix request's extra source images, in the client's order; empty otherwise ({@code
 *                        null} in specs written before them)
 */
public record ImageRequestSpec(
        String prompt,
        ImageParams params,
        List<String> models,
        boolean nsfw,
        boolean censorNsfw,
        boolean trustedWorkers,
        boolean slowWorkers,
        List<String> workers,
        boolean workerBlacklist,
        boolean r2,
        boolean sharedRequested,
        String sourceProcessing,
        String sourceImageKey,
        String sourceMaskKey,
        boolean replacementFilter,
        boolean allowDowngrade,
        boolean disableBatching,
        String webhook,
        boolean extraSlowWorkers,
        List<ExtraSourceImage> extraSourceImages) {

    /** A spec without extra source images. */
    public ImageRequestSpec(String prompt, ImageParams params, List<String> models, boolean nsfw, boolean censorNsfw,
                            boolean trustedWorkers, boolean slowWorkers, List<String> workers, boolean workerBlacklist,
                            boolean r2, boolean sharedRequested, String sourceProcessing, String sourceImageKey,
                            String sourceMaskKey, boolean replacementFilter, boolean allowDowngrade,
                            boolean disableBatching, String webhook, boolean extraSlowWorkers) {
        this(prompt, params, models, nsfw, censorNsfw, trustedWorkers, slowWorkers, workers, workerBlacklist, r2,
                sharedRequested, sourceProcessing, sourceImageKey, sourceMaskKey, replacementFilter, allowDowngrade,
                disableBatching, webhook, extraSlowWorkers, List.of());
    }

    /** A spec that keeps extra slow workers away (the AI Horde's default). */
    public ImageRequestSpec(String prompt, ImageParams params, List<String> models, boolean nsfw, boolean censorNsfw,
                            boolean trustedWorkers, boolean slowWorkers, List<String> workers, boolean workerBlacklist,
                            boolean r2, boolean sharedRequested, String sourceProcessing, String sourceImageKey,
                            String sourceMaskKey, boolean replacementFilter, boolean allowDowngrade,
                            boolean disableBatching, String webhook) {
        this(prompt, params, models, nsfw, censorNsfw, trustedWorkers, slowWorkers, workers, workerBlacklist, r2,
                sharedRequested, sourceProcessing, sourceImageKey, sourceMaskKey, replacementFilter, allowDowngrade,
                disableBatching, webhook, false);
    }

    public boolean hasSourceImage() {
        return sourceImageKey != null;
    }

    /** The extra source images, never null (specs written before them have none). */
    public List<ExtraSourceImage> extraSources() {
        return extraSourceImages == null ? List.of() : extraSourceImages;
    }

    public boolean hasExtraSourceImages() {
        return !extraSources().isEmpty();
    }
}
