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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@Tag(name = "workers")
public class TeamResource {

    private final Teams teams;

    TeamResource(Teams teams) {
        this.teams = teams;
    }

    @GET
    @Operation(operationId = "get_teams", summary = "A List with the details of all teams",
            description = "Every team with its workers, models, kudos and performance; no key needed.")
    @APIResponse(responseCode = "200", description = "A list of teams",
            content = @Content(schema = @Schema(implementation = TeamView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<TeamView>> all() {
        return teams.all();
    }

    @POST
    @Operation(operationId = "post_teams", summary = "Create a new team",
            description = "Only trusted users can create new teams. A name of 3 to 100 characters is required, info "
                    + "of 3 to 1000 is not; workers join through PUT /workers/{id}.")
    @APIResponse(responseCode = "200", description = "Team Created",
            content = @Content(schema = @Schema(implementation = TeamView.Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error or a name taken; rc: BadRequest, "
            + "TeamNameAlreadyExists",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: AnonForbidden, DeletedUser, "
            + "UntrustedTeamCreation",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<TeamView.Modified> create(TeamView.Input input, @RestHeader("apikey") String apikey) {
        return teams.create(input, apikey);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "get_team_single", summary = "Details of a worker Team",
            description = "Anyone may read a team; a key sent here must be a moderator's (the AI Horde's privileged "
                    + "view).")
    @APIResponse(responseCode = "200", description = "The team",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key (when one is sent); rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "A key that is not a moderator's; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such team; rc: TeamNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<TeamView> get(@RestPath String id, @RestHeader("apikey") String apikey) {
        return teams.get(TeamView.teamId(id), apikey);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "patch_team_single", summary = "Update a Team's information",
            description = "Its creator or a moderator changes the name or info; the answer carries the fields "
                    + "changed.")
    @APIResponse(responseCode = "200", description = "Team Modified",
            content = @Content(schema = @Schema(implementation = TeamView.Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error, nothing to change or a name taken; rc: "
            + "BadRequest, NoTeamModSelected, TeamNameAlreadyExists",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Neither its creator nor a moderator; rc: NotOwner, NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such team; rc: TeamNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<TeamView.Modified> change(@RestPath String id, TeamView.Input input,
                                         @RestHeader("apikey") String apikey) {
        return teams.change(TeamView.teamId(id), input, apikey);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "delete_team_single", summary = "Delete the team entry",
            description = "Only the team's creator or a horde moderator can use this endpoint. This action is "
                    + "unrecoverable!")
    @APIResponse(responseCode = "200", description = "Team Deleted",
            content = @Content(schema = @Schema(implementation = TeamView.Deleted.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Neither its creator nor a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such team; rc: TeamNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<TeamView.Deleted> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return teams.delete(TeamView.teamId(id), apikey);
    }
}
