package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.contracts.internal.WorkerRemoval;
import org.openhorde.contracts.internal.WorkerSummary;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.PopRules;
import org.openhorde.jobs.repository.WorkerRepository;
import org.openhorde.jobs.service.WorkerRegistry;

/** Internal API for the gateway: the worker registry (a user's workers, worker details, changes, deletion). */
@Path("/internal/workers")
@Produces(MediaType.APPLICATION_JSON)
public class InternalWorkerResource {

    private final Pool pool;
    private final WorkerRepository workers;
    private final JobsConfig config;
    private final WorkerRegistry registry;

    InternalWorkerResource(Pool pool, WorkerRepository workers, JobsConfig config, WorkerRegistry registry) {
        this.pool = pool;
        this.workers = workers;
        this.config = config;
        this.registry = registry;
    }

    /**
     * An interrogation worker's check-in (registering it on its first pop): its id, maintenance and paused state for
     * interrogation-service's pop. 400 {@code PolymorphicNameConflict} when an image worker holds the name.
     */
    @POST
    @Path("/interrogation-check-in")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WorkerDetails> interrogationCheckIn(WorkerPop pop) {
        PopRules.checkInterrogationWorker(pop);
        return registry.checkInInterrogationWorker(pop).chain(worker -> registry.details(worker.id()));
    }

    /** The online workers, optionally of one type and with one name (ignoring case). */
    @GET
    @Path("/online")
    public Uni<List<WorkerDetails>> online(@QueryParam("type") String type, @QueryParam("name") String name) {
        return registry.online(blankToNull(type), blankToNull(name));
    }

    @GET
    @Path("/{id}")
    public Uni<WorkerDetails> details(@RestPath String id) {
        return registry.details(workerId(id));
    }

    @GET
    @Path("/name/{name}")
    public Uni<WorkerDetails> byName(@RestPath String name) {
        return registry.detailsByName(name);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WorkerDetails> change(@RestPath String id, WorkerChange change) {
        if (change == null) {
            throw new HordeException(Rc.NoWorkerModSelected, "No worker modification selected!");
        }
        return registry.change(workerId(id), change);
    }

    @DELETE
    @Path("/{id}")
    public Uni<WorkerDetails> remove(@RestPath String id, @QueryParam("actorUserId") long actorUserId,
                                     @QueryParam("actorModerator") boolean actorModerator) {
        return registry.remove(workerId(id), new WorkerRemoval(actorUserId, actorModerator));
    }

    /** A malformed id names no worker: 404, as the AI Horde treats UUIDs that do not parse. */
    private static UUID workerId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.WorkerNotFound, "Worker with ID '" + id + "' not found.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
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
