package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.gateway.service.IpTimeouts;
import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.gateway.domain.GenerationPayload;
import org.openhorde.gateway.domain.PopInput;
import org.openhorde.gateway.domain.PopInputRules;
import org.openhorde.gateway.domain.SubmitInput;
import org.openhorde.gateway.service.WorkerJobs;

/** Image workers: pop jobs, submit results. Existing AI Horde workers (reGen) talk to this unchanged. */
@Path("/api/v2/generate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "generate")
public class WorkerResource {

    /** Remembers the address each worker pops from, for a moderator\'s block_worker_ipaddr. */
    @Inject
    IpTimeouts timeouts;

    private final WorkerJobs workerJobs;

    WorkerResource(WorkerJobs workerJobs) {
        this.workerJobs = workerJobs;
    }

    @Schema(description = "What the worker earned for the job.")
    public record SubmitReward(
            @Schema(description = "The kudos earned for the job.")
            double reward) {
    }

    @POST
    @Path("/pop")
    @Operation(operationId = "post_job_pop", summary = "Check if there are generation requests queued for fulfillment",
            description = "Used by image workers; answers a job matching the worker, or the skipped histogram.")
    @RateLimited(LimitedRoute.WORKER_POP)
    @APIResponse(responseCode = "200", description = "A job, or none with what was skipped",
            content = @Content(schema = @Schema(implementation = GenerationPayload.class),
                    examples = @ExampleObject(name = "A job, or none with what was skipped",
                            value = "{\"payload\": {\"prompt\": \"a lighthouse on a cliff at dusk, oil"
                            + " painting\", \"ddim_steps\": 30, \"n_iter\": 1, \"seed\": \"3141592653\","
                            + " \"sampler_name\": \"k_euler_a\", \"cfg_scale\": 7.5, \"height\": 512,"
                            + " \"width\": 512, \"karras\": true, \"tiling\": false, \"hires_fix\":"
                            + " false, \"post_processing\": []}, \"id\":"
                            + " \"b7c2a3d4-1e2f-4a5b-8c9d-0e1f2a3b4c5d\", \"ids\":"
                            + " [\"b7c2a3d4-1e2f-4a5b-8c9d-0e1f2a3b4c5d\"], \"messages\": [], \"ttl\":"
                            + " 150, \"skipped\": {}, \"model\": \"stable_diffusion\","
                            + " \"source_image\": null, \"source_processing\": \"img2img\", \"source_mask\": null,"
                            + " \"extra_source_images\": [], \"r2_upload\":"
                            + " \"https://s3.example.org/horde-images/b7c2a3d4-1e2f-4a5b-8c9d-0e1f2a3b4c5"
                            + "d.webp?X-Amz-Signature=0f1e\", \"r2_uploads\":"
                            + " [\"https://s3.example.org/horde-images/b7c2a3d4-1e2f-4a5b-8c9d-0e1f2a3b4c"
                            + "5d.webp?X-Amz-Signature=0f1e\"]}")))
    @APIResponse(responseCode = "400", description = "Validation error (name, models, threads 1 to 50, amount 1 to"
            + " 20, priority usernames as name#id), or a name the worker may not register (profane, too long, used"
            + " by another worker type); rc: BadRequest, TooLongWorkerName, InvalidPriorityUsername,"
            + " ProfaneWorkerName, ProfaneBridgeAgent, PolymorphicNameConflict",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "The key may not pop as this worker: anonymous, flagged or"
            + " deleted owner, another user's worker name, too many workers, the worker in maintenance, or this IP"
            + " in timeout; rc: AnonForbiddenWorker, WorkerFlaggedMaintenance, DeletedUser, WrongCredentials,"
            + " TooManyWorkers, TooManyWorkersTrusted, WorkerMaintenance, TimeoutIP",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<GenerationPayload> pop(PopInput input, @RestHeader("apikey") String apikey,
                                      @Context HttpServerRequest http) {
        return workerJobs.pop(PopInputRules.toPopRequest(input), apikey)
                .invoke(popped -> timeouts.workerSeen(input.name(), RateLimitFilter.clientIp(http)));
    }

    @POST
    @Path("/submit")
    @RateLimited(LimitedRoute.WORKER_SUBMIT)
    @Operation(operationId = "post_job_submit", summary = "Submit a generated image",
            description = "Used by image workers; answers the kudos earned.")
    @APIResponse(responseCode = "200", description = "Generation submitted",
            content = @Content(schema = @Schema(implementation = SubmitReward.class),
                    examples = @ExampleObject(name = "Generation submitted",
                            value = "{\"reward\": 10.78}")))
    @APIResponse(responseCode = "400", description = "Validation error (id, seed, state), an inline image that cannot"
            + " be stored, or a job already submitted or aborted; rc: BadRequest, DuplicateGen, AbortedGen",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "The job was given to another user's worker; rc: WrongCredentials",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such job being processed; rc: InvalidJobID",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<SubmitReward> submit(SubmitInput input, @RestHeader("apikey") String apikey) {
        return workerJobs.submit(input, apikey).map(reward -> new SubmitReward(Centikudos.toWireKudos(reward)));
    }
}
