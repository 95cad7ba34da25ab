package org.openhorde.gateway.rest;

import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @APIResponse(responseCode = "200", description = "The workers online",
            content = @Content(schema = @Schema(implementation = WorkerView.class, type = SchemaType.ARRAY),
                    examples = @ExampleObject(name = "The workers online",
                            value = "[{\"requests_fulfilled\": 812, \"kudos_rewards\": 30210.5,"
                            + " \"kudos_details\": {\"generated\": 28010.5, \"uptime\": 2200.0},"
                            + " \"performance\": \"1.5 megapixelsteps per second\", \"threads\": 1,"
                            + " \"uptime\": 864000, \"maintenance_mode\": false, \"info\": \"An RTX 4090"
                            + " at home\", \"nsfw\": false, \"trusted\": true, \"flagged\": false,"
                            + " \"online\": true, \"uncompleted_jobs\": 2, \"models\":"
                            + " [\"stable_diffusion\", \"AlbedoBase XL (SDXL)\"], \"team\": {\"name\":"
                            + " null, \"id\": null}, \"bridge_agent\": \"AI Horde Worker"
                            + " reGen:9.0.7:https://github.com/Haidra-Org/horde-worker-reGen\","
                            + " \"max_pixels\": 1048576, \"megapixelsteps_generated\": 30210.7,"
                            + " \"img2img\": true, \"painting\": true, \"post-processing\": true,"
                            + " \"lora\": true, \"controlnet\": false, \"sdxl_controlnet\": false,"
                            + " \"type\": \"image\", \"name\": \"Alice's 4090\", \"id\":"
                            + " \"4a8e29a1-7b4c-4c49-9a4e-3f0c2d1e5b6a\"}]")))
    @APIResponse(responseCode = "400", description = "An unknown type; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<WorkerView>> online(@QueryParam("type") String type, @QueryParam("name") String name,
                                        @RestHeader("apikey") String apikey) {
        return workers.online(type, name, apikey);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "get_worker_single", summary = "Details of a registered worker",
            description = "Can retrieve the details of a worker even if inactive.")
    @APIResponse(responseCode = "200", description = "The worker",
            content = @Content(schema = @Schema(implementation = WorkerView.class),
                    examples = @ExampleObject(name = "The worker",
                            value = "{\"requests_fulfilled\": 812, \"kudos_rewards\": 30210.5,"
                            + " \"kudos_details\": {\"generated\": 28010.5, \"uptime\": 2200.0},"
                            + " \"performance\": \"1.5 megapixelsteps per second\", \"threads\": 1,"
                            + " \"uptime\": 864000, \"maintenance_mode\": false, \"info\": \"An RTX 4090"
                            + " at home\", \"nsfw\": false, \"trusted\": true, \"flagged\": false,"
                            + " \"online\": true, \"uncompleted_jobs\": 2, \"models\":"
                            + " [\"stable_diffusion\", \"AlbedoBase XL (SDXL)\"], \"team\": {\"name\":"
                            + " null, \"id\": null}, \"bridge_agent\": \"AI Horde Worker"
                            + " reGen:9.0.7:https://github.com/Haidra-Org/horde-worker-reGen\","
                            + " \"max_pixels\": 1048576, \"megapixelsteps_generated\": 30210.7,"
                            + " \"img2img\": true, \"painting\": true, \"post-processing\": true,"
                            + " \"lora\": true, \"controlnet\": false, \"sdxl_controlnet\": false,"
                            + " \"type\": \"image\", \"name\": \"Alice's 4090\", \"id\":"
                            + " \"4a8e29a1-7b4c-4c49-9a4e-3f0c2d1e5b6a\"}")))
    @APIResponse(responseCode = "404", description = "No such worker, or an id that is no UUID; rc: WorkerNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<WorkerView> byId(@RestPath String id, @RestHeader("apikey") String apikey) {
        return workers.byId(id, apikey);
    }

    @GET
    @Path("/name/{name}")
    @Operation(operationId = "get_worker_single_name", summary = "Details of a worker found by name",
            description = "Case-insensitive.")
    @APIResponse(responseCode = "200", description = "The worker",
            content = @Content(schema = @Schema(implementation = WorkerView.class),
                    examples = @ExampleObject(name = "The worker",
                            value = "{\"requests_fulfilled\": 812, \"kudos_rewards\": 30210.5,"
                            + " \"kudos_details\": {\"generated\": 28010.5, \"uptime\": 2200.0},"
                            + " \"performance\": \"1.5 megapixelsteps per second\", \"threads\": 1,"
                            + " \"uptime\": 864000, \"maintenance_mode\": false, \"info\": \"An RTX 4090"
                            + " at home\", \"nsfw\": false, \"trusted\": true, \"flagged\": false,"
                            + " \"online\": true, \"uncompleted_jobs\": 2, \"models\":"
                            + " [\"stable_diffusion\", \"AlbedoBase XL (SDXL)\"], \"team\": {\"name\":"
                            + " null, \"id\": null}, \"bridge_agent\": \"AI Horde Worker"
                            + " reGen:9.0.7:https://github.com/Haidra-Org/horde-worker-reGen\","
                            + " \"max_pixels\": 1048576, \"megapixelsteps_generated\": 30210.7,"
                            + " \"img2img\": true, \"painting\": true, \"post-processing\": true,"
                            + " \"lora\": true, \"controlnet\": false, \"sdxl_controlnet\": false,"
                            + " \"type\": \"image\", \"name\": \"Alice's 4090\", \"id\":"
                            + " \"4a8e29a1-7b4c-4c49-9a4e-3f0c2d1e5b6a\"}")))
    @APIResponse(responseCode = "404", description = "No worker of that name; rc: WorkerNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<WorkerView> byName(@RestPath String name, @RestHeader("apikey") String apikey) {
        return workers.byName(name, apikey);
    }

    @PUT
    @Path("/{id}")
    @RateLimited(LimitedRoute.WORKER_CHANGE)
    @Operation(operationId = "put_worker_single", summary = "Put the worker into maintenance or pause mode, or change its details",
            description = "The owner or a moderator; see the README's worker routes.")
    @APIResponse(responseCode = "200", description = "Worker modified",
            content = @Content(schema = @Schema(implementation = ModifiedWorker.class),
                    examples = @ExampleObject(name = "Worker modified",
                            value = "{\"maintenance\": true, \"info\": \"Back after the driver update\"}")))
    @APIResponse(responseCode = "400", description = "Validation error (a name under 5 or over 100 characters, info"
            + " over 1000), nothing to change, a profane name, info or bridge agent, or a name taken; rc:"
            + " BadRequest, NoWorkerModSelected, TooLongWorkerName, ProfaneWorkerName, ProfaneWorkerInfo,"
            + " ProfaneBridgeAgent, WorkerNameAlreadyExists",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Neither its owner nor a moderator, or a pause by anyone"
            + " but a moderator; rc: NotOwner, NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such worker or team; rc: WorkerNotFound, TeamNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<ModifiedWorker> change(@RestPath String id, ModifyWorkerInput input,
                                      @RestHeader("apikey") String apikey) {
        return workers.change(id, input, apikey);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "delete_worker_single", summary = "Delete the worker entry",
            description = "The owner or a moderator; the worker is forgotten.")
    @APIResponse(responseCode = "200", description = "Worker deleted",
            content = @Content(schema = @Schema(implementation = DeletedWorker.class),
                    examples = @ExampleObject(name = "Worker deleted",
                            value = "{\"deleted_id\": \"4a8e29a1-7b4c-4c49-9a4e-3f0c2d1e5b6a\","
                            + " \"deleted_name\": \"Alice's 4090\"}")))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Neither its owner nor a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such worker, or an id that is no UUID; rc: WorkerNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<DeletedWorker> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return workers.delete(id, apikey);
    }
}
