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
        TextRequestSpec textSpec,
        List<WorkerMessage> messages) {

    /** A pop's result before its worker's messages are added ({@link #withMessages}). */
    public PopResult(UUID workerId, UUID requestId, List<UUID> jobIds, String model, int ttlSeconds, String seed,
                     ImageRequestSpec spec, Map<String, Integer> skipped, TextRequestSpec textSpec) {
        this(workerId, requestId, jobIds, model, ttlSeconds, seed, spec, skipped, textSpec, List.of());
    }

    /** An image pop's result. */
    public PopResult(UUID workerId, UUID requestId, List<UUID> jobIds, String model, int ttlSeconds, String seed,
                     ImageRequestSpec spec, Map<String, Integer> skipped) {
        this(workerId, requestId, jobIds, model, ttlSeconds, seed, spec, skipped, null);
    }

    /** The same result carrying the worker's active messages (the AI Horde's pop {@code messages}). */
    public PopResult withMessages(List<WorkerMessage> active) {
        return new PopResult(workerId, requestId, jobIds, model, ttlSeconds, seed, spec, skipped, textSpec,
                active == null ? List.of() : List.copyOf(active));
    }

    public boolean empty() {
        return jobIds == null || jobIds.isEmpty();
    }
}
