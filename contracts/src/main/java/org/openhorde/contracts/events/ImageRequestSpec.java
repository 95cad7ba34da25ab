package org.openhorde.contracts.events;

import java.util.List;

/**
 * Everything a worker and the other services need to know about an image request, as accepted by the gateway.
 *
 * @param sharedRequested what the client asked for; whether sharing applies is decided by
 *                        {@link org.openhorde.contracts.economy.SharingPolicy} and carried separately
 * @param sourceImageKey  object key of the source image in the sources bucket, or {@code null} for text-to-image
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
        String webhook) {

    public boolean hasSourceImage() {
        return sourceImageKey != null;
    }
}
