package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.TeamDetails;
import org.openhorde.contracts.internal.TeamInput;

/** job-service's internal API for teams of workers (same service as {@link JobService}). */
@RegisterRestClient(configKey = JobService.NAME)
@Path("/internal/teams")
public interface TeamsClient {

    @GET
    Uni<List<TeamDetails>> all();

    @POST
    Uni<TeamDetails> create(TeamInput input);

    @GET
    @Path("/{id}")
    Uni<TeamDetails> get(@PathParam("id") UUID id);

    @PUT
    @Path("/{id}")
    Uni<TeamDetails> change(@PathParam("id") UUID id, TeamInput input);

    @DELETE
    @Path("/{id}")
    Uni<TeamDetails> delete(@PathParam("id") UUID id, @QueryParam("actorUserId") long actorUserId,
                            @QueryParam("actorModerator") boolean actorModerator);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(JobService.NAME, response);
    }
}
