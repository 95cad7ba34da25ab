package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerSummary;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.repository.WorkerRepository;

/** Internal API for the gateway: a user's workers, for their user page. */
@Path("/internal/workers")
@Produces(MediaType.APPLICATION_JSON)
public class InternalWorkerResource {

    private final Pool pool;
    private final WorkerRepository workers;
    private final JobsConfig config;

    InternalWorkerResource(Pool pool, WorkerRepository workers, JobsConfig config) {
        this.pool = pool;
        this.workers = workers;
        this.config = config;
    }

    /** The parameter is read as text so that a malformed id is a 400 naming it, not JAX-RS's bare 404. */
    @GET
    public Uni<List<WorkerSummary>> ownedBy(@QueryParam("ownerUserId") String ownerUserId) {
        long owner;
        try {
            owner = Long.parseLong(ownerUserId == null ? "" : ownerUserId.strip());
        } catch (NumberFormatException e) {
            throw new HordeException(Rc.BadRequest.httpStatus(),
                    HordeError.validation(Map.of("ownerUserId", "a user id is required")));
        }
        return workers.ownedBy(pool, owner, config.workerOnlineWindow());
    }
}
