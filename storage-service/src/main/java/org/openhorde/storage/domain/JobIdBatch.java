package org.openhorde.storage.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** How many presigned URLs one call may ask for: a pop claims at most 20 images (AI Horde batch limit). */
public final class JobIdBatch {

    public static final int MAX_JOBS = 20;

    private JobIdBatch() {
    }

    /** Why a list of job ids is refused, or empty when it is fine. */
    public static Optional<String> problem(List<UUID> jobIds) {
        if (jobIds == null || jobIds.isEmpty() || jobIds.size() > MAX_JOBS) {
            return Optional.of("jobIds must hold 1 to " + MAX_JOBS + " job ids");
        }
        if (jobIds.contains(null)) {
            return Optional.of("jobIds must not contain null");
        }
        return Optional.empty();
    }
}
