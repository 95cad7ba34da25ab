package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.gateway.service.IpTimeouts;
import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    public Uni<SubmitReward> submit(SubmitInput input, @RestHeader("apikey") String apikey) {
        return workerJobs.submit(input, apikey).map(reward -> new SubmitReward(Centikudos.toWireKudos(reward)));
    }
}
