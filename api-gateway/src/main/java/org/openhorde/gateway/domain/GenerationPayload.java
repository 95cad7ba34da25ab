package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer to an image worker's pop (the AI Horde's {@code GenerationPayloadStable}). Every key is always present,
 * {@code null} when there is nothing to do, because workers read them unconditionally.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerationPayload(
        ModelPayload payload,
        UUID id,
        List<UUID> ids,
        List<Object> messages,
        Integer ttl,
        Map<String, Integer> skipped,
        String model,
        String sourceImage,
        String sourceProcessing,
        String sourceMask,
        List<Object> extraSourceImages,
        String r2Upload,
        List<String> r2Uploads) {
}
