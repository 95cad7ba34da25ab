package org.openhorde.gateway.rest;

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
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.GenerationInput;
import org.openhorde.gateway.domain.GenerationInputRules;
import org.openhorde.gateway.domain.GenerationInputRules.RequestWarning;
import org.openhorde.gateway.domain.RequestProgress;
import org.openhorde.gateway.service.HordeModes;
import org.openhorde.gateway.service.ImageRequests;
import org.openhorde.gateway.service.QueueEstimates;
import org.openhorde.gateway.service.RequestStatuses;

/** Image requests, as AI Horde clients make and poll them. */
@Path("/api/v2/generate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GenerateResource {

    /** The AI Horde's default for clients that do not say who they are. */
    static final String UNKNOWN_CLIENT = "unknown:0:unknown";

    private final ImageRequests requests;
    private final RequestStatuses statuses;
    private final QueueEstimates estimates;
    private final HordeModes modes;

    /** {@code horde.webhooks.allow-http}: plain http webhooks, for test receivers only (decision 0030). */
    private final boolean allowHttpWebhooks;

    GenerateResource(ImageRequests requests, RequestStatuses statuses, QueueEstimates estimates, HordeModes modes,
                     @ConfigProperty(name = "horde.webhooks.allow-http", defaultValue = "false") boolean allowHttpWebhooks) {
        this.allowHttpWebhooks = allowHttpWebhooks;
        this.requests = requests;
        this.statuses = statuses;
        this.estimates = estimates;
        this.modes = modes;
    }

    /**
     * 202 with the request id and the price of one image, and what the horde changed in the request (only present
     * when something was); a dry run answers 200 with the total estimate.
     */
    public record RequestAsync(UUID id, double kudos,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RequestWarning> warnings) {
    }

    public record DryRunEstimate(long kudos) {
    }

    @POST
    @Path("/async")
    @RateLimited(LimitedRoute.GENERATE_ASYNC)
    public Uni<RestResponse<Object>> async(GenerationInput input, @RestHeader("apikey") String apikey,
                                           @RestHeader("Client-Agent") String clientAgent) {
        // The payload is judged before the key, as the AI Horde's schema validation runs first.
        UUID requestId = UUID.randomUUID();
        ImageRequestSpec spec = GenerationInputRules.toSpec(input, requestId, allowHttpWebhooks);
        if (GenerationInputRules.dryRun(input)) {
            return requests.estimate(spec, apikey).map(kudos -> RestResponse.ok(new DryRunEstimate(kudos)));
        }
        String agent = clientAgent == null || clientAgent.isBlank() ? UNKNOWN_CLIENT : clientAgent;
        List<RequestWarning> inputWarnings = GenerationInputRules.warnings(input);
        return modes.refuseNewRequestsInMaintenance()
                .flatMap(open -> requests.accept(requestId, spec, GenerationInputRules.sources(input), apikey, agent))
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED, new RequestAsync(
                        accepted.requestId(), Centikudos.toWireKudos(accepted.pricePerImage()),
                        Stream.concat(inputWarnings.stream(), accepted.warnings().stream()).toList())));
    }

    @GET
    @Path("/check/{id}")
    @RateLimited(LimitedRoute.GENERATE_CHECK)
    public Uni<RequestStatusCheck> check(@RestPath String id) {
        return statuses.progress(id, "Check")
                .flatMap(progress -> estimateOf(id, progress).map(estimate -> RequestStatusCheck.of(progress, estimate)));
    }

    /** Cancels the request; answers with its status as it was just before, as the AI Horde does. */
    @DELETE
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.GENERATE_STATUS)
    public Uni<RequestStatusStable> cancel(@RestPath String id) {
        return statuses.cancel(id).map(status -> RequestStatusStable.of(status.progress(), status.images(),
                RequestEstimate.UNKNOWN));
    }

    @GET
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.GENERATE_STATUS)
    public Uni<RequestStatusStable> status(@RestPath String id) {
        return statuses.progress(id, "Status")
                .flatMap(progress -> estimateOf(id, progress).flatMap(estimate -> statuses.images(progress)
                        .map(images -> RequestStatusStable.of(progress, images, estimate))));
    }

    /** Only a request that still waits or is being generated asks job-service; a finished one needs no estimate. */
    private Uni<RequestEstimate> estimateOf(String id, RequestProgress progress) {
        if (progress.done() || (progress.waiting() == 0 && progress.processing() == 0)) {
            return Uni.createFrom().item(RequestEstimate.UNKNOWN);
        }
        return estimates.estimate(UUID.fromString(id));
    }
}
