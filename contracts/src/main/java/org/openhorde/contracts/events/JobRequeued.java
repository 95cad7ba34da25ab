package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A claimed job went back to the queue for another worker (the AI Horde's "restarted" job).
 *
 * @param worker the worker that had it
 * @param reason {@code timeout} (not delivered within its time to live) or {@code faulted} (the worker said so)
 * @param aborts how many times this job has been given back so far
 */
public record JobRequeued(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID requestId,
        UUID jobId,
        WorkerRef worker,
        String reason,
        int aborts) implements HordeEvent {

    public static final String TYPE = "JobRequeued";
    public static final int VERSION = 1;

    public static JobRequeued of(UUID requestId, UUID jobId, WorkerRef worker, String reason, int aborts) {
        return new JobRequeued(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, jobId, worker, reason,
                aborts);
    }

    @Override
    public String aggregateKey() {
        return requestId.toString();
    }
}
