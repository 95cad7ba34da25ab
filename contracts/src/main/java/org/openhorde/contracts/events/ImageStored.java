package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The storage service verified a delivered image in object storage. */
public record ImageStored(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID requestId,
        UUID jobId,
        String bucket,
        String objectKey,
        long sizeBytes,
        String contentType) implements HordeEvent {

    public static final String TYPE = "ImageStored";
    public static final int VERSION = 1;

    public static ImageStored of(UUID requestId, UUID jobId, String bucket, String objectKey, long sizeBytes,
                                 String contentType) {
        return new ImageStored(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, jobId, bucket, objectKey,
                sizeBytes, contentType);
    }

    @Override
    public String aggregateKey() {
        return requestId.toString();
    }
}
