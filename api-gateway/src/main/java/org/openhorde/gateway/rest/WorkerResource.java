package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import org.openhorde.gateway.service.IpTimeouts;
import org.openhorde.gateway.domain.LimitedRoute;
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
public class WorkerResource {

    /** Remembers the address each worker pops from, for a moderator\'s block_worker_ipaddr. */
    @Inject
    IpTimeouts timeouts;

    private final WorkerJobs workerJobs;

    WorkerResource(WorkerJobs workerJobs) {
        this.workerJobs = workerJobs;
    }

    public record SubmitReward(double reward) {
    }

    @POST
    @Path("/pop")
    @RateLimited(LimitedRoute.WORKER_POP)
    public Uni<GenerationPayload> pop(PopInput input, @RestHeader("apikey") String apikey,
                                      @Context HttpServerRequest http) {
        return workerJobs.pop(PopInputRules.toPopRequest(input), apikey)
                .invoke(popped -> timeouts.workerSeen(input.name(), RateLimitFilter.clientIp(http)));
    }

    @POST
    @Path("/submit")
    @RateLimited(LimitedRoute.WORKER_SUBMIT)
    public Uni<SubmitReward> submit(SubmitInput input, @RestHeader("apikey") String apikey) {
        return workerJobs.submit(input, apikey).map(reward -> new SubmitReward(Centikudos.toWireKudos(reward)));
    }
}
