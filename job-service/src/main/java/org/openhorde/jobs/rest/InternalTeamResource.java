package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
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
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.contracts.internal.TeamDetails;
import org.openhorde.contracts.internal.TeamInput;
import org.openhorde.jobs.service.TeamService;

/** Internal API for the gateway: teams of workers. */
@Path("/internal/teams")
@Produces(MediaType.APPLICATION_JSON)
public class InternalTeamResource {

    private final TeamService teams;

    InternalTeamResource(TeamService teams) {
        this.teams = teams;
    }

    @GET
    public Uni<List<TeamDetails>> all() {
        return teams.all();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TeamDetails> create(TeamInput input) {
        return teams.create(input);
    }

    @GET
    @Path("/{id}")
    public Uni<TeamDetails> details(@RestPath String id) {
        return teams.details(TeamService.teamId(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TeamDetails> change(@RestPath String id, TeamInput input) {
        return teams.change(TeamService.teamId(id), input);
    }

    @DELETE
    @Path("/{id}")
    public Uni<TeamDetails> delete(@RestPath String id, @QueryParam("actorUserId") long actorUserId,
                                   @QueryParam("actorModerator") boolean actorModerator) {
        return teams.delete(TeamService.teamId(id), actorUserId, actorModerator);
    }
}
