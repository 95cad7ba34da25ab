package org.openhorde.gateway.domain;

import java.util.UUID;

/**
 * Who made a delivered image, and how: what {@code /generate/status} shows for it besides the image itself. A
 * delivered text generation is recorded the same way, with its {@code text} (small, so kept in the read model).
 */
public record DeliveredImage(UUID workerId, String workerName, String model, String seed, String text) {

    public DeliveredImage(UUID workerId, String workerName, String model, String seed) {
        this(workerId, workerName, model, seed, null);
    }
}
