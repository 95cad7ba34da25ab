package org.openhorde.contracts.internal;

import java.util.UUID;

/**
 * Gateway → job-service: a worker delivers (or gives up on) a job.
 *
 * @param state AI Horde submit state: {@code ok}, {@code censored}, {@code faulted} or {@code csam}
 */
public record JobSubmission(long ownerUserId, UUID jobId, String state, String seed, boolean censored) {
}
