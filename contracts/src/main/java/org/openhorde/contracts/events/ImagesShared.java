package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivered image was copied into the shared dataset bucket, with its metadata sidecar next to it.
 *
 * @param objectKey  the image in {@code bucket}
 * @param sidecarKey the JSON sidecar in {@code bucket}
 */
public record ImagesShared(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID requestId,
        UUID jobId,
        String bucket,
        String objectKey,
        String sidecarKey,
        String contentType,
        String model,
        boolean censored) implements HordeEvent {

    public static final String TYPE = "ImagesShared";
    public static final int VERSION = 1;

    public static ImagesShared of(UUID requestId, UUID jobId, String bucket, String objectKey, String sidecarKey,
                                  String contentType, String model, boolean censored) {
        return new ImagesShared(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, jobId, bucket, objectKey,
                sidecarKey, contentType, model, censored);
    }

    @Override
    public String aggregateKey() {
        return requestId.toString();
    }
}
