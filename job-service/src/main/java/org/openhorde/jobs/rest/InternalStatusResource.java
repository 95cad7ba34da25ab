package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.contracts.internal.TextStats;
import org.openhorde.jobs.repository.QueueInsightRepository;
import org.openhorde.jobs.service.QueueSnapshots;

/** Internal API for the gateway: the horde's figures from the queue snapshot, and delivered-image statistics. */
@Path("/internal/status")
@Produces(MediaType.APPLICATION_JSON)
public class InternalStatusResource {

    private final QueueSnapshots snapshots;
    private final QueueInsightRepository insight;
    private final Pool pool;

    InternalStatusResource(QueueSnapshots snapshots, QueueInsightRepository insight, Pool pool) {
        this.snapshots = snapshots;
        this.insight = insight;
        this.pool = pool;
    }

    @GET
    @Path("/queue")
    public HordeQueueStatus queue() {
        return snapshots.status();
    }

    /** Computed on each call; the gateway caches it (the AI Horde caches these for 50 s). */
    @GET
    @Path("/images")
    public Uni<ImageStats> images() {
        return insight.imageStats(pool);
    }

    /** Computed on each call; the gateway caches it, as the image figures. */
    @GET
    @Path("/text")
    public Uni<TextStats> text() {
        return insight.textStats(pool);
    }
}
