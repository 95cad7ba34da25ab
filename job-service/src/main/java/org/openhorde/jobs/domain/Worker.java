package org.openhorde.jobs.domain;

import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.events.WorkerRef;

/** A worker as its latest check-in describes it: what it can take from the queue. */
public record Worker(UUID id, String name, long ownerUserId, List<String> models, long maxPixels, boolean nsfw) {

    public WorkerRef ref() {
        return new WorkerRef(id, name, ownerUserId);
    }
}
