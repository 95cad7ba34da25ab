package org.openhorde.gateway.rest;

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

    private final WorkerJobs workerJobs;

    WorkerResource(WorkerJobs workerJobs) {
        this.workerJobs = workerJobs;
    }

    public record SubmitReward(double reward) {
    }

    @POST
    @Path("/pop")
    public Uni<GenerationPayload> pop(PopInput input, @RestHeader("apikey") String apikey) {
        return workerJobs.pop(PopInputRules.toPopRequest(input), apikey);
    }

    @POST
    @Path("/submit")
    public Uni<SubmitReward> submit(SubmitInput input, @RestHeader("apikey") String apikey) {
        return workerJobs.submit(input, apikey).map(reward -> new SubmitReward(Centikudos.toWireKudos(reward)));
    }
}
