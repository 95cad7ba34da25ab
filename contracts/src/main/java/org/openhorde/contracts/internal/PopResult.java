package org.openhorde.contracts.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openhorde.contracts.events.ImageRequestSpec;

/**
 * What a pop claimed. Empty ({@code jobIds} empty, {@code requestId} null) when nothing matched; then
 * {@code skipped} counts the waiting requests this worker could not take, by reason.
 *
 * @param seed the seed of the first image; following images of a batch use the worker's own increments
 */
public record PopResult(
        UUID workerId,
        UUID requestId,
        List<UUID> jobIds,
        String model,
        int ttlSeconds,
        String seed,
        ImageRequestSpec spec,
        Map<String, Integer> skipped) {

    public boolean empty() {
        return jobIds == null || jobIds.isEmpty();
    }
}
