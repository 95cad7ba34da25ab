package org.openhorde.contracts.internal;

import java.util.UUID;

/**
 * Gateway → job-service: a worker delivers (or gives up on) a job.
 *
 * @param state AI Horde submit state: {@code ok}, {@code censored}, {@code faulted} or {@code csam}
 * @param text  a text worker's generation ({@code null} for images, whose bytes go to storage)
 */
public record JobSubmission(long ownerUserId, UUID jobId, String state, String seed, boolean censored, String text) {

    /** An image worker's submission. */
    public JobSubmission(long ownerUserId, UUID jobId, String state, String seed, boolean censored) {
        this(ownerUserId, jobId, state, seed, censored, null);
    }
}
