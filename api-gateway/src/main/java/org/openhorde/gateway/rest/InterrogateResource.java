package org.openhorde.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
            description = "Ends its waiting forms; answers its status as it was just before.")
    public Uni<InterrogationStatusAnswer> cancel(@RestPath String id) {
        return requests.cancel(id).map(InterrogationStatusAnswer::of);
    }

    @POST
    @Path("/pop")
    @Operation(operationId = "post_interrogate_pop", summary = "Check if there are interrogation requests queued for fulfillment",
            description = "Used by alchemist workers.")
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
    public Uni<InterrogationSubmitted> submit(InterrogationSubmitInput input, @RestHeader("apikey") String apikey) {
        InterrogationInputRules.Submit submit = InterrogationInputRules.submit(input);
        return requests.submit(submit, apikey).map(InterrogationSubmitted::new);
    }
}
