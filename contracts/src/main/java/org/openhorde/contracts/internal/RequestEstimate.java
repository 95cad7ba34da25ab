package org.openhorde.contracts.internal;

/**
 * job-service's estimate for one request, from its latest queue snapshot.
 *
 * @param known         false when the request is not in the snapshot (not queued yet, ended, or unknown): the
 *                      gateway then shows what its read model alone says
 * @param queuePosition 1-based position among the requests with waiting images, in pop order; 0 when none of its
 *                      images is waiting
 * @param waitTime      seconds until its last image is expected to be delivered
 * @param possible      whether some online worker could serve it (or a worker already holds one of its images)
 */
public record RequestEstimate(boolean known, int queuePosition, int waitTime, boolean possible) {

    public static final RequestEstimate UNKNOWN = new RequestEstimate(false, 0, 0, true);
}
