package org.openhorde.jobs.domain;

import org.openhorde.contracts.events.JobOutcome;

/**
 * Where one image is in its life: waiting in the queue, held by a worker, delivered (possibly censored), or ended
 * without an image (its request faulted, was cancelled, or expired).
 */
public enum JobState {
    WAITING,
    CLAIMED,
    DELIVERED,
    CENSORED,
    FAULTED,
    CANCELLED,
    EXPIRED;

    public boolean delivered() {
        return this == DELIVERED || this == CENSORED;
    }

    public boolean ended() {
        return this != WAITING && this != CLAIMED;
    }

    public static JobState of(JobOutcome outcome) {
        return switch (outcome) {
            case DELIVERED -> DELIVERED;
            case CENSORED -> CENSORED;
            case FAULTED -> FAULTED;
            case CANCELLED -> CANCELLED;
            case EXPIRED -> EXPIRED;
        };
    }
}
