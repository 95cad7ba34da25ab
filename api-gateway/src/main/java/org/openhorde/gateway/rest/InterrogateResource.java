package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.openhorde.gateway.service.IpTimeouts;
import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.internal.InterrogationStatus;
import org.openhorde.gateway.domain.InterrogationInput;
import org.openhorde.gateway.domain.InterrogationInputRules;
import org.openhorde.gateway.domain.InterrogationPopInput;
import org.openhorde.gateway.domain.InterrogationSubmitInput;
import org.openhorde.gateway.service.InterrogationRequests;

/** Interrogation ("alchemy"): clients ask about an image, alchemist workers answer, as on the AI Horde. */
@Path("/api/v2/interrogate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "interrogate", description = "Image interrogation (alchemy): captions, tags, NSFW checks, upscales")
public class InterrogateResource {

    /** Remembers the address each worker pops from, for a moderator\'s block_worker_ipaddr. */
    @Inject
    IpTimeouts timeouts;

    private final InterrogationRequests requests;

    /** {@code horde.webhooks.allow-http}: plain http webhooks, for test receivers only (decision 0030). */
    private final boolean allowHttpWebhooks;

    InterrogateResource(InterrogationRequests requests, @ConfigProperty(name = "horde.webhooks.allow-http", defaultValue = "false") boolean allowHttpWebhooks) {
        this.allowHttpWebhooks = allowHttpWebhooks;
        this.requests = requests;
    }

    @Schema(description = "The accepted interrogation.")
    public record InterrogationAsync(
            @Schema(description = "The interrogation's id, for its status and cancellation.")
            UUID id) {
    }

    /** One form's state, and its result once done ({@code result} is absent before). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One form of an interrogation.")
    public record FormStatus(
            @Schema(description = "The form's name.")
            String form,
            @Schema(description = "The form's state.",
                    enumeration = {"waiting", "processing", "done", "cancelled", "faulted"})
            String state,
            @Schema(description = "The form's result once done, keyed by the form's name; absent before.")
            Map<String, Object> result) {
    }

    @Schema(description = "The status of an interrogation.")
    public record InterrogationStatusAnswer(
            @Schema(description = "The overall state: faulted when all forms faulted, done when all are done, else "
                    + "processing while one is, waiting while one waits, otherwise partial.",
                    enumeration = {"waiting", "processing", "done", "partial", "faulted"})
            String state,
            @Schema(description = "Each form's state and result.")
            List<FormStatus> forms) {

        static InterrogationStatusAnswer of(InterrogationStatus status) {
            return new InterrogationStatusAnswer(status.state(), status.forms().stream()
                    .map(form -> new FormStatus(form.form(), form.state(), form.result())).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A form for an interrogation worker to run.")
    public record PoppedForm(
            @Schema(description = "The form's id, to submit its result under.")
            UUID id,
            @Schema(description = "The form's name.")
            String form,
            @Schema(description = "The requester's options for this form.")
            Map<String, Object> payload,
            @Schema(description = "A download URL of the image to interrogate.")
            @JsonProperty("source_image")
            String sourceImage,
            @Schema(description = "For a post-processing form, the URL to PUT the resulting image to.")
            @JsonProperty("r2_upload")
            String r2Upload) {
    }

    /**
     * The forms handed out; when none, {@code skipped} counts the waiting forms this worker could not take, by reason
     * (the AI Horde's {@code worker_id}, {@code untrusted}, {@code bridge_version}, and OpenHorde's {@code forms},
     * {@code max_tiles}, {@code performance}); empty when forms were handed out.
     */
    @Schema(description = "The answer to an interrogation worker's pop.")
    public record InterrogationPopPayload(
            @Schema(description = "The forms handed out; empty when there is nothing to do.")
            List<PoppedForm> forms,
            @Schema(description = "With nothing handed out: how many waiting forms this worker could not take, by "
                    + "reason (worker_id, untrusted, bridge_version, forms, max_tiles, performance).")
            Map<String, Integer> skipped) {
    }

    @Schema(description = "What the worker earned for the form.")
    public record InterrogationSubmitted(
            @Schema(description = "The kudos earned for the form.")
            double reward) {
    }

    @POST
    @Path("/async")
    @RateLimited(LimitedRoute.INTERROGATE_ASYNC)
    @Operation(operationId = "post_interrogate_async", summary = "Initiate an asynchronous request to interrogate an image",
            description = "Queues one form per requested kind; answers 202 with the request id.")
    @APIResponse(responseCode = "202", description = "Interrogation queued",
            content = @Content(schema = @Schema(implementation = InterrogationAsync.class),
                    examples = @ExampleObject(name = "queued",
                            value = "{\"id\": \"e55e231d-3324-4cbb-84b4-f530e1080cbf\"}")))
    @APIResponse(responseCode = "400", description = "Validation error or an unusable source image; rc: BadRequest, "
            + "SourceImageResolutionExceeded, SourceImageSizeExceeded, SourceImageUnreadable, SourceImageUrlInvalid, "
            + "MaintenanceMode", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: DeletedUser, TimeoutIP", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many interrogations at once, or too many calls (rate limit, "
            + "with Retry-After); rc: TooManyPrompts, TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RestResponse<InterrogationAsync>> async(InterrogationInput input, @RestHeader("apikey") String apikey) {
        // The payload is judged before the key, as the AI Horde's schema validation runs first.
        InterrogationInputRules.Accepted accepted = InterrogationInputRules.accept(input, allowHttpWebhooks);
        return requests.accept(accepted, apikey)
                .map(id -> RestResponse.status(RestResponse.Status.ACCEPTED, new InterrogationAsync(id)));
    }

    @GET
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.INTERROGATE_STATUS)
    @Operation(operationId = "get_interrogation_status", summary = "Retrieve the full status of an interrogation request",
            description = "Poll it.")
    @APIResponse(responseCode = "200", description = "The interrogation's state and each form's result",
            content = @Content(schema = @Schema(implementation = InterrogationStatusAnswer.class),
                    examples = @ExampleObject(name = "done", value = STATUS_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such interrogation (never made, expired, or not a UUID), "
            + "answered about a second after the poll so that polling a missing id in a loop costs the horde little; "
            + "rc: RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<InterrogationStatusAnswer> status(@RestPath String id, RoutingContext routing) {
        // InterrogationFastPaths answered an unknown id already, and found this one known in Redis.
        boolean knownAlready = routing != null && Boolean.TRUE.equals(routing.get(InterrogationFastPaths.KNOWN));
        return requests.status(id, knownAlready).map(InterrogationStatusAnswer::of);
    }

    /** Cancels every unfinished form (processing ones are paid for) and answers the status afterwards. */
    @DELETE
    @Path("/status/{id}")
    @RateLimited(LimitedRoute.INTERROGATE_STATUS)
    @Operation(operationId = "delete_interrogation_status", summary = "Cancel an interrogation request",
            description = "Ends its unfinished forms (those being processed are paid for) and answers its status "
                    + "afterwards, the ended forms cancelled.")
    @APIResponse(responseCode = "200", description = "The interrogation's status once its unfinished forms are ended",
            content = @Content(schema = @Schema(implementation = InterrogationStatusAnswer.class),
                    examples = @ExampleObject(name = "cancelled", value = CANCELLED_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such interrogation (never made, expired, or not a UUID); "
            + "rc: RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<InterrogationStatusAnswer> cancel(@RestPath String id) {
        return requests.cancel(id).map(InterrogationStatusAnswer::of);
    }

    @POST
    @Path("/pop")
    @Operation(operationId = "post_interrogate_pop", summary = "Check if there are interrogation requests queued for fulfillment",
            description = "Used by alchemist workers.")
    @APIResponse(responseCode = "200", description = "The forms to run, or none with the counts of the forms skipped",
            content = @Content(schema = @Schema(implementation = InterrogationPopPayload.class),
                    examples = @ExampleObject(name = "forms", value = POP_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, TooLongWorkerName, "
            + "WorkerNameAlreadyExists, PolymorphicNameConflict", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed to pop; rc: AnonForbiddenWorker, DeletedUser, "
            + "WorkerFlaggedMaintenance, WorkerMaintenance, WrongCredentials, TooManyWorkers, TooManyWorkersTrusted, "
            + "TimeoutIP", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "A popped form's source image is gone from storage; rc: "
            + "ThingNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @RateLimited(LimitedRoute.WORKER_POP)
    public Uni<InterrogationPopPayload> pop(InterrogationPopInput input, @RestHeader("apikey") String apikey,
                                            @Context HttpServerRequest http) {
        InterrogationInputRules.Pop pop = InterrogationInputRules.pop(input);
        return requests.pop(pop, apikey)
                .invoke(popped -> timeouts.workerSeen(input.name(), RateLimitFilter.clientIp(http)))
                .map(answer -> new InterrogationPopPayload(answer.forms().stream()
                .map(form -> new PoppedForm(form.id(), form.form(), form.payload(), form.sourceImage(),
                        form.r2Upload()))
                .toList(), answer.skipped()));
    }

    @POST
    @Path("/submit")
    @RateLimited(LimitedRoute.WORKER_SUBMIT)
    @Operation(operationId = "post_interrogate_submit", summary = "Submit the results of an interrogated image",
            description = "Used by alchemist workers; answers the kudos earned.")
    @APIResponse(responseCode = "200", description = "The kudos earned for the form",
            content = @Content(schema = @Schema(implementation = InterrogationSubmitted.class),
                    examples = @ExampleObject(name = "delivered", value = "{\"reward\": 1.0}")))
    @APIResponse(responseCode = "400", description = "Validation error or a form already delivered; rc: BadRequest, "
            + "DuplicateGen", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not this form's worker; rc: WrongCredentials", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such form; rc: InvalidJobID", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<InterrogationSubmitted> submit(InterrogationSubmitInput input, @RestHeader("apikey") String apikey) {
        InterrogationInputRules.Submit submit = InterrogationInputRules.submit(input);
        return requests.submit(submit, apikey).map(InterrogationSubmitted::new);
    }

    // --- examples of the main answers, as the AI Horde gives them

    static final String STATUS_EXAMPLE = """
            {"state": "done",
             "forms": [{"form": "caption", "state": "done",
                        "result": {"caption": "a white square on a red background"}},
                       {"form": "nsfw", "state": "done", "result": {"nsfw": false}},
                       {"form": "RealESRGAN_x4plus", "state": "done",
                        "result": {"RealESRGAN_x4plus": "https://horde.example/horde-transient/e21379d9-7659-4cae-8f96-913531752746.webp?X-Amz-Expires=1800&X-Amz-Signature=5e1c"}}]}""";

    static final String CANCELLED_EXAMPLE = """
            {"state": "partial",
             "forms": [{"form": "caption", "state": "done",
                        "result": {"caption": "a white square on a red background"}},
                       {"form": "nsfw", "state": "cancelled"}]}""";

    static final String POP_EXAMPLE = """
            {"forms": [{"id": "33456bb1-dc43-40b3-9256-bca3a677f0aa", "form": "caption",
                        "source_image": "https://horde.example/horde-source-images/e55e231d-3324-4cbb-84b4-f530e1080cbf.webp?X-Amz-Expires=1800&X-Amz-Signature=9a0b"},
                       {"id": "e21379d9-7659-4cae-8f96-913531752746", "form": "RealESRGAN_x4plus",
                        "source_image": "https://horde.example/horde-source-images/e55e231d-3324-4cbb-84b4-f530e1080cbf.webp?X-Amz-Expires=1800&X-Amz-Signature=9a0b",
                        "r2_upload": "https://horde.example/horde-transient/e21379d9-7659-4cae-8f96-913531752746.webp?X-Amz-Expires=1800&X-Amz-Signature=0bf2"}],
             "skipped": {}}""";
}
