package org.openhorde.gateway.rest;

import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.gateway.domain.ModifyWorkerInput;
import org.openhorde.gateway.domain.ModifyWorkerRules.ModifiedWorker;
import org.openhorde.gateway.domain.WorkerView;
import org.openhorde.gateway.service.WorkerDirectory;
import org.openhorde.gateway.service.WorkerDirectory.DeletedWorker;

/** The AI Horde's worker registry views: list, details by id or name, owner/moderator changes, deletion. */
@Path("/api/v2/workers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "workers", description = "The horde's workers")
public class WorkersResource {

    private final WorkerDirectory workers;

    WorkersResource(WorkerDirectory workers) {
        this.workers = workers;
    }

    @GET
    @Operation(operationId = "get_workers", summary = "A List with the details of all registered and active workers",
            description = "?type=image|text|interrogation, ?name.")
    public Uni<List<WorkerView>> online(@QueryParam("type") String type, @QueryParam("name") String name,
                                        @RestHeader("apikey") String apikey) {
        return workers.online(type, name, apikey);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "get_worker_single", summary = "Details of a registered worker",
            description = "Can retrieve the details of a worker even if inactive.")
    public Uni<WorkerView> byId(@RestPath String id, @RestHeader("apikey") String apikey) {
        return workers.byId(id, apikey);
    }

    @GET
    @Path("/name/{name}")
    @Operation(operationId = "get_worker_single_name", summary = "Details of a worker found by name",
            description = "Case-insensitive.")
    public Uni<WorkerView> byName(@RestPath String name, @RestHeader("apikey") String apikey) {
        return workers.byName(name, apikey);
    }

    @PUT
    @Path("/{id}")
    @RateLimited(LimitedRoute.WORKER_CHANGE)
    @Operation(operationId = "put_worker_single", summary = "Put the worker into maintenance or pause mode, or change its details",
            description = "The owner or a moderator; see the README's worker routes.")
    public Uni<ModifiedWorker> change(@RestPath String id, ModifyWorkerInput input,
                                      @RestHeader("apikey") String apikey) {
        return workers.change(id, input, apikey);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "delete_worker_single", summary = "Delete the worker entry",
            description = "The owner or a moderator; the worker is forgotten.")
    public Uni<DeletedWorker> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return workers.delete(id, apikey);
    }
}
