package org.openhorde.contracts.internal;

/** The worker's reward for a delivered job, in centikudos. */
public record SubmissionResult(long reward) {
}
