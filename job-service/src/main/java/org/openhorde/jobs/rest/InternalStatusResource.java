package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.jobs.repository.QueueInsightRepository;
import org.openhorde.jobs.service.QueueSnapshots;

/** Internal API for the gateway: estimates and figures from the queue snapshot, and delivered-image statistics. */
@Path("/internal")
public class InternalStatusResource {

    private final QueueSnapshots snapshots;
    private final QueueInsightRepository insight;
    private final Pool pool;

    InternalStatusResource(QueueSnapshots snapshots, QueueInsightRepository insight, Pool pool) {
        this.snapshots = snapshots;
        this.insight = insight;
        this.pool = pool;
    }

    /** Answered from memory: {@code known: false} for an id the latest snapshot does not hold (never a 404). */
    @GET
    @Path("/requests/{id}/estimate")
    public RequestEstimate estimate(@PathParam("id") String id) {
        try {
            return snapshots.estimate(UUID.fromString(id));
        } catch (IllegalArgumentException notAUuid) {
            return RequestEstimate.UNKNOWN;
        }
    }

    @GET
    @Path("/status/queue")
    public HordeQueueStatus queue() {
        return snapshots.status();
    }

    /** Computed on each call; the gateway caches it (the AI Horde caches these for 50 s). */
    @GET
    @Path("/stats/images")
    public Uni<ImageStats> images() {
        return insight.imageStats(pool);
    }
}
