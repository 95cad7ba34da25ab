package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job (one image) reached its terminal outcome. The amounts are what settlement must move, already decided by the
 * job service: the requester pays {@code price + tax}, the worker's owner earns {@code price}, {@code tax} is burned.
 *
 * @param worker       the worker that held the job, or {@code null} when none ever did
 * @param price        centikudos the worker's owner earns (0 unless delivered)
 * @param tax          centikudos burned (0 unless delivered)
 * @param generationKey object key of the image in the generations bucket, or {@code null} when nothing was delivered
 *                      (and always for text)
 * @param text          the generated text of a delivered text job (small, so it travels in the event; decision
 *                      0022), {@code null} for images and for text jobs that delivered nothing
 */
public record JobCompleted(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID requestId,
        UUID jobId,
        JobOutcome outcome,
        Requester requester,
        WorkerRef worker,
        String model,
        String seed,
        long price,
        long tax,
        boolean shared,
        ImageRequestSpec spec,
        String generationKey,
        String text,
        List<GenerationMetadata> genMetadata) implements HordeEvent {

    public static final String TYPE = "JobCompleted";
    public static final int VERSION = 1;

    /** An event of an image job (and every event written before text generation). */
    public JobCompleted(UUID eventId, String type, int version, Instant occurredAt, UUID requestId, UUID jobId,
                        JobOutcome outcome, Requester requester, WorkerRef worker, String model, String seed,
                        long price, long tax, boolean shared, ImageRequestSpec spec, String generationKey) {
        this(eventId, type, version, occurredAt, requestId, jobId, outcome, requester, worker, model, seed, price,
                tax, shared, spec, generationKey, null, null);
    }

    /**
     * A text job's outcome: no image spec, no object key; the text itself when delivered, with the worker's {@code
     * gen_metadata} as it sent them (empty when none).
     */
    public static JobCompleted ofText(UUID requestId, UUID jobId, JobOutcome outcome, Requester requester,
                                      WorkerRef worker, String model, String seed, long price, long tax, String text,
                                      List<GenerationMetadata> genMetadata) {
        return new JobCompleted(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, jobId, outcome, requester,
                worker, model, seed, price, tax, false, null, null, text, genMetadata);
    }

    public static JobCompleted of(UUID requestId, UUID jobId, JobOutcome outcome, Requester requester,
                                  WorkerRef worker, String model, String seed, long price, long tax, boolean shared,
                                  ImageRequestSpec spec, String generationKey) {
        return new JobCompleted(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, jobId, outcome, requester,
                worker, model, seed, price, tax, shared, spec, generationKey);
    }

    @Override
    public String aggregateKey() {
        return requestId.toString();
    }
}
