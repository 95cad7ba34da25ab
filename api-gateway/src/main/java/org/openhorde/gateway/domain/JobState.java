package org.openhorde.gateway.domain;

import org.openhorde.contracts.events.JobOutcome;

/**
 * Where one job (image) of a request stands in the read model. States only ever move forward (by {@link #rank()}),
 * so that replayed or reordered events cannot undo progress; once terminal, a job never changes again.
 */
public enum JobState {
    WAITING(0),
    CLAIMED(1),
    DELIVERED(2),
    CENSORED(2),
    FAULTED(2),
    CANCELLED(2),
    EXPIRED(2);

    private final int rank;

    JobState(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean terminal() {
        return rank == DELIVERED.rank;
    }

    /** Delivered images, censored or not: what the AI Horde counts as {@code finished}. */
    public boolean finished() {
        return this == DELIVERED || this == CENSORED;
    }

    public static JobState of(JobOutcome outcome) {
        return valueOf(outcome.name());
    }
}
