package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A worker claimed jobs of one request in a single pop. */
public record JobClaimed(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID requestId,
        List<UUID> jobIds,
        WorkerRef worker,
        String model,
        int ttlSeconds) implements HordeEvent {

    public static final String TYPE = "JobClaimed";
    public static final int VERSION = 1;

    public static JobClaimed of(UUID requestId, List<UUID> jobIds, WorkerRef worker, String model, int ttlSeconds) {
        return new JobClaimed(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, List.copyOf(jobIds), worker,
                model, ttlSeconds);
    }

    @Override
    public String aggregateKey() {
        return requestId.toString();
    }
}
