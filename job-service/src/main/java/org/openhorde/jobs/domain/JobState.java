package org.openhorde.jobs.domain;

import org.openhorde.contracts.events.JobOutcome;

/** Where one image is in its life: waiting in the queue, held by a worker, or delivered (possibly censored). */
public enum JobState {
    WAITING,
    CLAIMED,
    DELIVERED,
    CENSORED;

    public boolean delivered() {
        return this == DELIVERED || this == CENSORED;
    }

    public static JobState of(JobOutcome outcome) {
        return switch (outcome) {
            case DELIVERED -> DELIVERED;
            case CENSORED -> CENSORED;
            default -> throw new IllegalArgumentException("a job does not stay in the queue as " + outcome);
        };
    }
}
