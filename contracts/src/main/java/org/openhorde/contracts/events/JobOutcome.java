package org.openhorde.contracts.events;

/** How a job (one image) ended. Only {@link #DELIVERED} and {@link #CENSORED} move kudos. */
public enum JobOutcome {
    /** The worker delivered the image. */
    DELIVERED,
    /** The worker delivered, but its safety filter censored the image. */
    CENSORED,
    /** The job failed for good (the request faulted). */
    FAULTED,
    /** The requester cancelled before a worker claimed the job. */
    CANCELLED,
    /** The request expired before the job was delivered. */
    EXPIRED;

    public boolean delivered() {
        return this == DELIVERED || this == CENSORED;
    }
}
