package org.openhorde.gateway.rest;

import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
import org.openhorde.gateway.service.StyleRequests;

/** Image requests, as AI Horde clients make and poll them. */
@Path("/api/v2/generate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "generate", description = "Image generation requests, their status and their workers' pops")
public class GenerateResource {

    /** The AI Horde's default for clients that do not say who they are. */
    static final String UNKNOWN_CLIENT = "unknown:0:unknown";

    private final ImageRequests requests;
    private final RequestStatuses statuses;
    private final QueueEstimates estimates;
    private final HordeModes modes;
    private final StyleRequests styles;

    /** {@code horde.webhooks.allow-http}: plain http webhooks, for test receivers only (decision 0030). */
    private final boolean allowHttpWebhooks;

    GenerateResource(ImageRequests requests, RequestStatuses statuses, QueueEstimates estimates, HordeModes modes,
                     StyleRequests styles,
                     @ConfigProperty(name = "horde.webhooks.allow-http", defaultValue = "false") boolean allowHttpWebhooks) {
        this.allowHttpWebhooks = allowHttpWebhooks;
        this.requests = requests;
        this.statuses = statuses;
        this.estimates = estimates;
        this.modes = modes;
        this.styles = styles;
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
    @Operation(operationId = "post_image_async_generate", summary = "Initiate an Asynchronous request to generate images",
            description = "This endpoint will immediately return with the UUID of the request for image generation. "
                    + "This endpoint will always be accepted, even if there are no workers available currently to "
                    + "fulfill this request. Perhaps some will appear in the next 10 minutes. Asynchronous requests "
                    + "live for 10 minutes before being considered stale and being deleted. A 'style' (id or name of "
                    + "a style or collection) replaces the prompt, params and models (decision 0043).")
    @APIResponse(responseCode = "202", description = "Request queued",
            content = @Content(schema = @Schema(implementation = RequestAsync.class),
                    examples = @ExampleObject(name = "queued", value = "{\"id\": \"6cc6e007-4bd9-444b-be6e-5dbbcd2808b3\", \"kudos\": 10.0}")))
    @APIResponse(responseCode = "200", description = "Dry run: the kudos the request would cost",
            content = @Content(schema = @Schema(implementation = DryRunEstimate.class),
                    examples = @ExampleObject(name = "dry run", value = "{\"kudos\": 20}")))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, MissingPrompt, "
            + "InvalidSize, InvalidPromptSize, TooManySteps, BadCFGDecimals, SourceMaskUnnecessary, "
            + "InpaintingMissingMask, StyleMismatch, MaintenanceMode, RequiresTrust", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: KudosUpfront, DeletedUser, TimeoutIP, "
            + "SharedKeyEmpty, SharedKeyExpired, SharedKeyInsufficientKudos, SharedKeyAssignedStyles",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "A style that does not exist; rc: StyleNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many requests at once, or too many calls (rate limit, "
            + "with Retry-After); rc: TooManyPrompts, TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is down; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RestResponse<Object>> async(GenerationInput input, @RestHeader("apikey") String apikey,
                                           @RestHeader("Client-Agent") String clientAgent) {
        // A style is applied first (it replaces prompt, params and models), then the payload is judged before the
        // key, as the AI Horde's schema validation runs first.
        return styles.applyToImage(input).flatMap(styled -> accept(styled, apikey, clientAgent));
    }

    private Uni<RestResponse<Object>> accept(StyleRequests.StyledImage styled, String apikey, String clientAgent) {
        GenerationInput input = styled.input();
        UUID requestId = UUID.randomUUID();
        ImageRequestSpec spec = GenerationInputRules.toSpec(input, requestId, allowHttpWebhooks);
        if (GenerationInputRules.dryRun(input)) {
            return requests.estimate(spec, apikey, styled.style())
                    .map(kudos -> RestResponse.ok(new DryRunEstimate(kudos)));
        }
        String agent = clientAgent == null || clientAgent.isBlank() ? UNKNOWN_CLIENT : clientAgent;
        List<RequestWarning> inputWarnings = GenerationInputRules.warnings(input);
        return modes.refuseNewRequestsInMaintenance()
                .flatMap(open -> requests.accept(requestId, spec, GenerationInputRules.sources(input), apikey, agent,
                        styled.style()))
                .call(accepted -> styles.rewardOwner(accepted.requestId(), styled.style(), accepted.payerId()))
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED, new RequestAsync(
                        accepted.requestId(), Centikudos.toWireKudos(accepted.pricePerImage()),
                        Stream.concat(inputWarnings.stream(), accepted.warnings().stream()).toList())));
    }

    @GET
    @Path("/check/{id}")
    @RateLimited(LimitedRoute.GENERATE_CHECK)
    @Operation(operationId = "get_image_async_check", summary = "Retrieve the status of an asynchronous generation request without images",
            description = "Use this to poll the request every few seconds; served from a read model, cheap.")
    @APIResponse(responseCode = "200", description = "The request's progress",
            content = @Content(schema = @Schema(implementation = RequestStatusCheck.class),
                    examples = @ExampleObject(name = "waiting", value = CHECK_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such request (never made, expired, or not a UUID); rc: "
            + "RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "The request statuses are unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RequestStatusCheck> check(@RestPath String id) {
        return statuses.progress(id, "Check")
                .flatMap(progress -> estimateOf(id, progress).map(estimate -> RequestStatusCheck.of(progress, estimate)));
    }

    /** Cancels the request; answers with its status as it was just before, as the AI Horde does. */
    @DELETE
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.GENERATE_STATUS)
    @Operation(operationId = "delete_image_async_status", summary = "Cancel an unfinished request",
            description = "Stops the request's waiting jobs; answers its full status as it was just before (finished images included).")
    @APIResponse(responseCode = "200", description = "The request's status just before it was cancelled",
            content = @Content(schema = @Schema(implementation = RequestStatusStable.class),
                    examples = @ExampleObject(name = "cancelled while waiting", value = CANCELLED_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such request (never made, expired, or not a UUID); rc: "
            + "RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable (the request statuses, "
            + "job-service, or storage for an r2: false request); rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RequestStatusStable> cancel(@RestPath String id) {
        return statuses.cancel(id).map(status -> RequestStatusStable.of(status.progress(), status.images(),
                RequestEstimate.UNKNOWN));
    }

    @GET
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.GENERATE_STATUS)
    @Operation(operationId = "get_image_async_status", summary = "Retrieve the full status of an asynchronous generation request",
            description = "Includes the generated images (URLs, or base64 when r2 was false). Poll /check instead: this call is heavier.")
    @APIResponse(responseCode = "200", description = "The request's progress and its finished images",
            content = @Content(schema = @Schema(implementation = RequestStatusStable.class),
                    examples = @ExampleObject(name = "done", value = STATUS_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such request (never made, expired, or not a UUID); rc: "
            + "RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable (the request statuses, "
            + "or storage for an r2: false request); rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RequestStatusStable> status(@RestPath String id) {
        return statuses.progress(id, "Status")
                .flatMap(progress -> estimateOf(id, progress).flatMap(estimate -> statuses.images(progress)
                        .map(images -> RequestStatusStable.of(progress, images, estimate))));
    }

    private Uni<RequestEstimate> estimateOf(String id, RequestProgress progress) {
        if (!needsEstimate(progress)) {
            return Uni.createFrom().item(RequestEstimate.UNKNOWN);
        }
        return estimates.estimate(UUID.fromString(id));
    }

    /** Only a request that still waits or is being generated asks job-service; a finished one needs no estimate. */
    static boolean needsEstimate(RequestProgress progress) {
        return !progress.done() && (progress.waiting() > 0 || progress.processing() > 0);
    }

    // --- examples of the main answers, as the AI Horde gives them

    static final String CHECK_EXAMPLE = """
            {"finished": 0, "processing": 1, "restarted": 0, "waiting": 1, "done": false, "faulted": false,
             "wait_time": 12, "queue_position": 3, "kudos": 10.0, "is_possible": true}""";

    static final String STATUS_EXAMPLE = """
            {"generations": [{"img": "https://horde.example/horde-transient/468bc9ac-a140-46d4-975b-b7460398c50f.webp?X-Amz-Expires=1800&X-Amz-Signature=01cbe12c",
                              "seed": "1234", "id": "468bc9ac-a140-46d4-975b-b7460398c50f", "censored": false,
                              "gen_metadata": [], "worker_id": "159e3e74-de62-4da4-abfa-bff83378b461",
                              "worker_name": "ref-worker-790a35", "model": "stable_diffusion", "state": "ok"}],
             "shared": false, "finished": 1, "processing": 0, "restarted": 0, "waiting": 0, "done": true,
             "faulted": false, "wait_time": 0, "queue_position": 0, "kudos": 10.0, "is_possible": true}""";

    static final String CANCELLED_EXAMPLE = """
            {"generations": [], "shared": false, "finished": 0, "processing": 0, "restarted": 0, "waiting": 2,
             "done": false, "faulted": false, "wait_time": 0, "queue_position": 0, "kudos": 0.0,
             "is_possible": true}""";
}
