package org.openhorde.contracts.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.TextRequestSpec;

/**
 * What a pop claimed. Empty ({@code jobIds} empty, {@code requestId} null) when nothing matched; then
 * {@code skipped} counts the waiting requests this worker could not take, by reason.
 *
 * @param seed the seed of the first image; following images of a batch use the worker's own increments
 * @param spec the image request claimed ({@code null} for text)
 * @param textSpec the text request claimed by a text worker ({@code null} for images)
 */
public record PopResult(
        UUID workerId,
        UUID requestId,
        List<UUID> jobIds,
        String model,
        int ttlSeconds,
        String seed,
        ImageRequestSpec spec,
        Map<String, Integer> skipped,
        TextRequestSpec textSpec) {

    /** An image pop's result. */
    public PopResult(UUID workerId, UUID requestId, List<UUID> jobIds, String model, int ttlSeconds, String seed,
                     ImageRequestSpec spec, Map<String, Integer> skipped) {
        this(workerId, requestId, jobIds, model, ttlSeconds, seed, spec, skipped, null);
    }

    public boolean empty() {
        return jobIds == null || jobIds.isEmpty();
    }
}
