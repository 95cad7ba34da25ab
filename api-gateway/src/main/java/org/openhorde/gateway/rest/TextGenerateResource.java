package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import org.openhorde.gateway.service.IpTimeouts;
import org.openhorde.gateway.domain.LimitedRoute;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.GenerationInputRules.RequestWarning;
import org.openhorde.gateway.domain.TextGenerationInput;
import org.openhorde.gateway.domain.TextInputRules;
import org.openhorde.gateway.domain.TextPopInput;
import org.openhorde.gateway.domain.TextPopPayloads.TextGenerationPayload;
import org.openhorde.gateway.domain.TextSubmitInput;
import org.openhorde.gateway.domain.TextWorkerRules;
import org.openhorde.gateway.domain.RequestProgress;
import org.openhorde.gateway.service.HordeModes;
import org.openhorde.gateway.service.QueueEstimates;
import org.openhorde.gateway.service.RequestStatuses;
import org.openhorde.gateway.service.TextRequests;
import org.openhorde.gateway.service.TextWorkerJobs;

/**
 * Text generation (the KoboldAI side), as AI Horde clients and text workers use it: requests, their status and
 * cancel, and the scribes' pop and submit. The queue, the read model and settlement are the image ones (decision
 * 0022).
 */
@Path("/api/v2/generate/text")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TextGenerateResource {

    /** Remembers the address each worker pops from, for a moderator\'s block_worker_ipaddr. */
    @Inject
    IpTimeouts timeouts;

    private final TextRequests requests;
    private final TextWorkerJobs workerJobs;
    private final RequestStatuses statuses;
    private final HordeModes modes;
    private final QueueEstimates estimates;

    /** {@code horde.webhooks.allow-http}: plain http webhooks, for test receivers only (decision 0030). */
    private final boolean allowHttpWebhooks;

    TextGenerateResource(TextRequests requests, TextWorkerJobs workerJobs, RequestStatuses statuses,
                         HordeModes modes, QueueEstimates estimates,
                         @ConfigProperty(name = "horde.webhooks.allow-http", defaultValue = "false")
                         boolean allowHttpWebhooks) {
        this.allowHttpWebhooks = allowHttpWebhooks;
        this.estimates = estimates;
        this.requests = requests;
        this.workerJobs = workerJobs;
        this.statuses = statuses;
        this.modes = modes;
    }

    /** 202 with the id and the estimated kudos of one generation, rounded as the AI Horde rounds them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TextRequestAsync(UUID id, long kudos,
                                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RequestWarning> warnings) {
    }

    public record DryRunEstimate(long kudos) {
    }

    public record SubmitReward(double reward) {
    }

    @POST
    @Path("/async")
    @RateLimited(LimitedRoute.GENERATE_ASYNC)
    public Uni<RestResponse<Object>> async(TextGenerationInput input, @RestHeader("apikey") String apikey,
                                           @RestHeader("Client-Agent") String clientAgent) {
        // The payload is judged before the key, as the AI Horde's schema validation runs first.
        TextRequestSpec spec = TextInputRules.toSpec(input, allowHttpWebhooks);
        if (TextInputRules.dryRun(input)) {
            return requests.estimate(spec, apikey)
                    .map(total -> RestResponse.ok(new DryRunEstimate(Math.round(Centikudos.toWireKudos(total)))));
        }
        String agent = clientAgent == null || clientAgent.isBlank() ? GenerateResource.UNKNOWN_CLIENT : clientAgent;
        return modes.refuseNewRequestsInMaintenance()
                .flatMap(open -> requests.accept(spec, TextInputRules.allowDowngrade(input), apikey, agent))
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED, new TextRequestAsync(
                        accepted.requestId(), Math.round(Centikudos.toWireKudos(accepted.estimatedPricePerJob())),
                        accepted.warnings())));
    }

    @GET
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.TEXT_STATUS)
    public Uni<RequestStatusKobold> status(@RestPath String id) {
        return statuses.progress(id, "Status").flatMap(progress -> estimateOf(id, progress)
                .map(estimate -> RequestStatusKobold.of(progress, estimate)));
    }

    /**
     * {@code queue_position}, {@code wait_time} and {@code is_possible} of a text request from job-service's queue
     * snapshot, as for images; a finished request needs none.
     */
    private Uni<RequestEstimate> estimateOf(String id, RequestProgress progress) {
        if (progress.done() || (progress.waiting() == 0 && progress.processing() == 0)) {
            return Uni.createFrom().item(RequestEstimate.UNKNOWN);
        }
        return estimates.estimate(UUID.fromString(id));
    }

    /** Cancels the request; answers with its status as it was just before, as the AI Horde does. */
    @DELETE
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.TEXT_STATUS)
    public Uni<RequestStatusKobold> cancel(@RestPath String id) {
        return statuses.cancelText(id).map(progress -> RequestStatusKobold.of(progress, RequestEstimate.UNKNOWN));
    }

    @POST
    @Path("/pop")
    @RateLimited(LimitedRoute.WORKER_POP)
    public Uni<TextGenerationPayload> pop(TextPopInput input, @RestHeader("apikey") String apikey,
                                          @Context HttpServerRequest http) {
        return workerJobs.pop(TextWorkerRules.toPopRequest(input), apikey)
                .invoke(popped -> timeouts.workerSeen(input.name(), RateLimitFilter.clientIp(http)));
    }

    @POST
    @Path("/submit")
    @RateLimited(LimitedRoute.WORKER_SUBMIT)
    public Uni<SubmitReward> submit(TextSubmitInput input, @RestHeader("apikey") String apikey) {
        return workerJobs.ownerId(apikey)
                .flatMap(owner -> workerJobs.submit(TextWorkerRules.toSubmission(input, owner)))
                .map(reward -> new SubmitReward(Centikudos.toWireKudos(reward)));
    }
}
