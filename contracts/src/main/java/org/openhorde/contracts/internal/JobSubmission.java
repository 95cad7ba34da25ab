package org.openhorde.contracts.internal;

import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.events.GenerationMetadata;

/**
 * Gateway → job-service: a worker delivers (or gives up on) a job.
 *
 * @param state AI Horde submit state: {@code ok}, {@code censored}, {@code faulted} or {@code csam}
 * @param text  a text worker's generation ({@code null} for images, whose bytes go to storage)
 * @param genMetadata a text worker's {@code gen_metadata}, validated by the gateway ({@code null} or empty: none)
 */
public record JobSubmission(long ownerUserId, UUID jobId, String state, String seed, boolean censored, String text,
                            List<GenerationMetadata> genMetadata) {

    /** A submission without metadata. */
    public JobSubmission(long ownerUserId, UUID jobId, String state, String seed, boolean censored, String text) {
        this(ownerUserId, jobId, state, seed, censored, text, null);
    }

    /** An image worker's submission. */
    public JobSubmission(long ownerUserId, UUID jobId, String state, String seed, boolean censored) {
        this(ownerUserId, jobId, state, seed, censored, null);
    }
}
