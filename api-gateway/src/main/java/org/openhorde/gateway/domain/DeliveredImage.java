package org.openhorde.gateway.domain;

import java.util.UUID;

/** Who made a delivered image, and how: what {@code /generate/status} shows for it besides the image itself. */
public record DeliveredImage(UUID workerId, String workerName, String model, String seed) {
}
