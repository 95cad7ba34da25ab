package org.openhorde.gateway.domain;

import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.events.GenerationMetadata;

/**
 * Who made a delivered image, and how: what {@code /generate/status} shows for it besides the image itself. A
 * delivered text generation is recorded the same way, with its {@code text} (small, so kept in the read model) and
 * the scribe's {@code gen_metadata} ({@code null} in records written before they were kept: none).
 */
public record DeliveredImage(UUID workerId, String workerName, String model, String seed, String text,
                             List<GenerationMetadata> genMetadata) {

    public DeliveredImage(UUID workerId, String workerName, String model, String seed) {
        this(workerId, workerName, model, seed, null, null);
    }
}
