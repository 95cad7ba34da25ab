package org.openhorde.gateway.domain;

import java.util.UUID;

/**
 * One job of a request as the read model knows it.
 *
 * @param charged centikudos the requester paid for it (price + tax; 0 unless delivered)
 * @param image   who delivered it, or {@code null} while it is not finished
 */
public record JobProgress(UUID jobId, JobState state, long charged, DeliveredImage image, int restarts) {

    /** A job that was never given back. */
    public JobProgress(UUID jobId, JobState state, long charged, DeliveredImage image) {
        this(jobId, state, charged, image, 0);
    }
}
