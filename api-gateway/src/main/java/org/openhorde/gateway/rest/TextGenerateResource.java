package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import org.openhorde.gateway.service.IpTimeouts;
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
import org.openhorde.gateway.service.StyleRequests;
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
@Tag(name = "generate")
public class TextGenerateResource {

    /** Remembers the address each worker pops from, for a moderator\'s block_worker_ipaddr. */
    @Inject
    IpTimeouts timeouts;

    private final TextRequests requests;
    private final TextWorkerJobs workerJobs;
    private final RequestStatuses statuses;
    private final HordeModes modes;
    private final QueueEstimates estimates;
    private final StyleRequests styles;

    /** {@code horde.webhooks.allow-http}: plain http webhooks, for test receivers only (decision 0030). */
    private final boolean allowHttpWebhooks;

    TextGenerateResource(TextRequests requests, TextWorkerJobs workerJobs, RequestStatuses statuses,
                         HordeModes modes, QueueEstimates estimates, StyleRequests styles,
                         @ConfigProperty(name = "horde.webhooks.allow-http", defaultValue = "false")
                         boolean allowHttpWebhooks) {
        this.allowHttpWebhooks = allowHttpWebhooks;
        this.estimates = estimates;
        this.styles = styles;
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
    @Operation(operationId = "post_text_async_generate", summary = "Initiate an Asynchronous request to generate text",
            description = "This endpoint will immediately return with the UUID of the request for text generation. "
                    + "This endpoint will always be accepted, even if there are no workers available currently to "
                    + "fulfill this request. Perhaps some will appear in the next 10 minutes. Asynchronous requests "
                    + "live for 10 minutes before being considered stale and being deleted. A 'style' (id or name of "
                    + "a style or collection) replaces the prompt, params and models (decision 0043).")
    @APIResponse(responseCode = "202", description = "Request queued",
            content = @Content(schema = @Schema(implementation = TextRequestAsync.class),
                    examples = @ExampleObject(name = "queued", value = "{\"id\": \"f35ede64-3c5e-4d88-822d-15543ed5ebfd\", \"kudos\": 2}")))
    @APIResponse(responseCode = "200", description = "Dry run: the kudos the request would cost",
            content = @Content(schema = @Schema(implementation = DryRunEstimate.class),
                    examples = @ExampleObject(name = "dry run", value = "{\"kudos\": 2}")))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, MissingPrompt, "
            + "StyleMismatch, MaintenanceMode, RequiresTrust, TokenOverflow, MissingFullSamplerOrder, "
            + "TooManyStopSequences, ExcessiveStopSequence, InvalidExtraSourceImages", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: KudosUpfront, DeletedUser, TimeoutIP, "
            + "SharedKeyEmpty, SharedKeyExpired, SharedKeyInsufficientKudos, SharedKeyAssignedStyles",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "A style that does not exist; rc: StyleNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many requests at once, or too many calls (rate limit, "
            + "with Retry-After); rc: TooManyPrompts, TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is down; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RestResponse<Object>> async(TextGenerationInput input, @RestHeader("apikey") String apikey,
                                           @RestHeader("Client-Agent") String clientAgent) {
        // A style is applied first (it replaces prompt, params and models), then the payload is judged before the
        // key, as the AI Horde's schema validation runs first.
        return styles.applyToText(input).flatMap(styled -> accept(styled, apikey, clientAgent));
    }

    private Uni<RestResponse<Object>> accept(StyleRequests.StyledText styled, String apikey, String clientAgent) {
        TextGenerationInput input = styled.input();
        TextRequestSpec spec = TextInputRules.toSpec(input, allowHttpWebhooks);
        if (TextInputRules.dryRun(input)) {
            return requests.estimate(spec, apikey, styled.style())
                    .map(total -> RestResponse.ok(new DryRunEstimate(Math.round(Centikudos.toWireKudos(total)))));
        }
        String agent = clientAgent == null || clientAgent.isBlank() ? GenerateResource.UNKNOWN_CLIENT : clientAgent;
        return modes.refuseNewRequestsInMaintenance()
                .flatMap(open -> requests.accept(spec, TextInputRules.allowDowngrade(input), apikey, agent,
                        styled.style()))
                .call(accepted -> styles.rewardOwner(accepted.requestId(), styled.style(), accepted.payerId()))
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED, new TextRequestAsync(
                        accepted.requestId(), Math.round(Centikudos.toWireKudos(accepted.estimatedPricePerJob())),
                        accepted.warnings())));
    }

    @GET
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.TEXT_STATUS)
    @Operation(operationId = "get_text_async_status", summary = "Retrieve the full status of an asynchronous text generation request",
            description = "Includes the generated texts.")
    @APIResponse(responseCode = "200", description = "The request's progress and its finished texts",
            content = @Content(schema = @Schema(implementation = RequestStatusKobold.class),
                    examples = @ExampleObject(name = "done", value = STATUS_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such request (never made, expired, or not a UUID); rc: "
            + "RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "The request statuses are unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
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
    @Operation(operationId = "delete_text_async_status", summary = "Cancel an unfinished text request",
            description = "Answers its status as it was just before.")
    @APIResponse(responseCode = "200", description = "The request's status just before it was cancelled",
            content = @Content(schema = @Schema(implementation = RequestStatusKobold.class),
                    examples = @ExampleObject(name = "cancelled while waiting", value = CANCELLED_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such request (never made, expired, or not a UUID); rc: "
            + "RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable (the request statuses or "
            + "job-service); rc: ServiceUnavailable", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RequestStatusKobold> cancel(@RestPath String id) {
        return statuses.cancelText(id).map(progress -> RequestStatusKobold.of(progress, RequestEstimate.UNKNOWN));
    }

    @POST
    @Path("/pop")
    @Operation(operationId = "post_text_job_pop", summary = "Check if there are generation requests queued for fulfillment",
            description = "Used by text workers (scribes).")
    @APIResponse(responseCode = "200", description = "A job to run, or none with the counts of the requests skipped",
            content = @Content(schema = @Schema(implementation = TextGenerationPayload.class),
                    examples = @ExampleObject(name = "a job", value = POP_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, TooLongWorkerName, "
            + "InvalidPriorityUsername, WorkerNameAlreadyExists, PolymorphicNameConflict", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed to pop; rc: AnonForbiddenWorker, DeletedUser, "
            + "WorkerFlaggedMaintenance, WorkerMaintenance, WrongCredentials, TooManyWorkers, TooManyWorkersTrusted, "
            + "TimeoutIP", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @RateLimited(LimitedRoute.WORKER_POP)
    public Uni<TextGenerationPayload> pop(TextPopInput input, @RestHeader("apikey") String apikey,
                                          @Context HttpServerRequest http) {
        return workerJobs.pop(TextWorkerRules.toPopRequest(input), apikey)
                .invoke(popped -> timeouts.workerSeen(input.name(), RateLimitFilter.clientIp(http)));
    }

    @POST
    @Path("/submit")
    @RateLimited(LimitedRoute.WORKER_SUBMIT)
    @Operation(operationId = "post_text_job_submit", summary = "Submit generated text",
            description = "Used by text workers; answers the kudos earned.")
    @APIResponse(responseCode = "200", description = "The kudos earned for the text",
            content = @Content(schema = @Schema(implementation = SubmitReward.class),
                    examples = @ExampleObject(name = "delivered", value = "{\"reward\": 0.16}")))
    @APIResponse(responseCode = "400", description = "Validation error or a job already ended; rc: BadRequest, "
            + "DuplicateGen, AbortedGen", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not this job's worker; rc: WrongCredentials", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such job; rc: InvalidJobID", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<SubmitReward> submit(TextSubmitInput input, @RestHeader("apikey") String apikey) {
        return workerJobs.ownerId(apikey)
                .flatMap(owner -> workerJobs.submit(TextWorkerRules.toSubmission(input, owner)))
                .map(reward -> new SubmitReward(Centikudos.toWireKudos(reward)));
    }

    // --- examples of the main answers, as the AI Horde gives them

    static final String STATUS_EXAMPLE = """
            {"generations": [{"text": " there lived an old sailor who had never seen the sea.", "seed": 42,
                              "gen_metadata": [], "worker_id": "cad7f3ae-952e-438f-8416-bd3e131857d0",
                              "worker_name": "scribe-fd183a", "model": "facebook/opt-2.7b", "state": "ok",
                              "id": "08874bc3-9668-4e1b-8c26-95fc57f560a0"}],
             "finished": 1, "processing": 0, "restarted": 0, "waiting": 0, "done": true, "faulted": false,
             "wait_time": 0, "queue_position": 0, "kudos": 2.0, "is_possible": true}""";

    static final String CANCELLED_EXAMPLE = """
            {"generations": [], "finished": 0, "processing": 0, "restarted": 0, "waiting": 1, "done": false,
             "faulted": false, "wait_time": 0, "queue_position": 0, "kudos": 0.0, "is_possible": true}""";

    static final String POP_EXAMPLE = """
            {"payload": {"prompt": "Once upon a time in a quiet harbour town,", "n": 1, "max_context_length": 1024,
                         "max_length": 80},
             "id": "08874bc3-9668-4e1b-8c26-95fc57f560a0", "ids": ["08874bc3-9668-4e1b-8c26-95fc57f560a0"],
             "skipped": {}, "model": "facebook/opt-2.7b", "ttl": 150, "messages": []}""";
}
