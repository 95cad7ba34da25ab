package org.openhorde.contracts.internal;

import org.openhorde.contracts.events.JobCompleted;

/**
 * The worker's reward for a delivered job, in centikudos, and the {@link JobCompleted} the submit committed (also on
 * its way through job-service's outbox), so that the gateway can show the outcome in check and status before it
 * answers the worker. {@code completed} is null when the submit completed nothing: a faulted job went back to the
 * queue, or a paused worker's decoy was discarded.
 */
public record SubmissionResult(long reward, JobCompleted completed) {

    public static SubmissionResult nothingCompleted(long reward) {
        return new SubmissionResult(reward, null);
    }
}
