package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.gateway.domain.TeamView;
import org.openhorde.gateway.service.Teams;

/**
 * Teams of workers (AI Horde {@code /teams}): anyone lists and reads them, trusted users create them, the creator or
 * a moderator changes or deletes one. Workers join through {@code PUT /workers/{id}} {@code {"team": id}}.
 */
@Path("/api/v2/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {

    private final Teams teams;

    TeamResource(Teams teams) {
        this.teams = teams;
    }

    @GET
    public Uni<List<TeamView>> all() {
        return teams.all();
    }

    @POST
    public Uni<TeamView.Modified> create(TeamView.Input input, @RestHeader("apikey") String apikey) {
        return teams.create(input, apikey);
    }

    @GET
    @Path("/{id}")
    public Uni<TeamView> get(@RestPath String id, @RestHeader("apikey") String apikey) {
        return teams.get(TeamView.teamId(id), apikey);
    }

    @PATCH
    @Path("/{id}")
    public Uni<TeamView.Modified> change(@RestPath String id, TeamView.Input input,
                                         @RestHeader("apikey") String apikey) {
        return teams.change(TeamView.teamId(id), input, apikey);
    }

    @DELETE
    @Path("/{id}")
    public Uni<TeamView.Deleted> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return teams.delete(TeamView.teamId(id), apikey);
    }
}
