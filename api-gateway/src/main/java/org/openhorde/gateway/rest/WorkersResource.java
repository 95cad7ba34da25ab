package org.openhorde.gateway.rest;

import org.openhorde.gateway.domain.LimitedRoute;
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
public class WorkersResource {

    private final WorkerDirectory workers;

    WorkersResource(WorkerDirectory workers) {
        this.workers = workers;
    }

    @GET
    public Uni<List<WorkerView>> online(@QueryParam("type") String type, @QueryParam("name") String name,
                                        @RestHeader("apikey") String apikey) {
        return workers.online(type, name, apikey);
    }

    @GET
    @Path("/{id}")
    public Uni<WorkerView> byId(@RestPath String id, @RestHeader("apikey") String apikey) {
        return workers.byId(id, apikey);
    }

    @GET
    @Path("/name/{name}")
    public Uni<WorkerView> byName(@RestPath String name, @RestHeader("apikey") String apikey) {
        return workers.byName(name, apikey);
    }

    @PUT
    @Path("/{id}")
    @RateLimited(LimitedRoute.WORKER_CHANGE)
    public Uni<ModifiedWorker> change(@RestPath String id, ModifyWorkerInput input,
                                      @RestHeader("apikey") String apikey) {
        return workers.change(id, input, apikey);
    }

    @DELETE
    @Path("/{id}")
    public Uni<DeletedWorker> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return workers.delete(id, apikey);
    }
}
