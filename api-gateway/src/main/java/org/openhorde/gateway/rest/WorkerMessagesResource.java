package org.openhorde.gateway.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerMessagePost;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.domain.WorkerMessageView;
import org.openhorde.gateway.service.UserAccounts;

/**
 * The AI Horde's worker messages ({@code /workers/messages[/{id}]}): moderators message any worker's owner (or every
 * worker), an owner their own workers; a user lists and deletes the messages to their workers, a moderator all.
 * Anybody may read one message by its id, as on the AI Horde.
 */
@Path("/api/v2/workers/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "workers")
public class WorkerMessagesResource {

    /** The AI Horde's bounds ({@code input_model_message}). */
    static final int MAX_MESSAGE = 10 * 1024;
    static final int MAX_ORIGIN = 255;
    static final int MAX_EXPIRY_HOURS = 30 * 24;
    static final int DEFAULT_EXPIRY_HOURS = 12;

    private final UserAccounts users;
    private final JobService jobs;

    WorkerMessagesResource(UserAccounts users, @RestClient JobService jobs) {
        this.users = users;
        this.jobs = jobs;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MessageInput(String workerId, String message, String origin, Integer expiry) {
    }

    @GET
    @Operation(operationId = "get_worker_messages", summary = "List Worker Messages",
            description = "A user sees the messages to their own workers, a moderator anyone's; active (default), "
                    + "expired or all.")
    @APIResponse(responseCode = "200", description = "A page of worker messages",
            content = @Content(schema = @Schema(implementation = WorkerMessageView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (user_id, worker_id, page or "
            + "validity)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Another user's messages; rc: Forbidden",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<WorkerMessageView>> list(@RestHeader("apikey") String apikey, @RestQuery("user_id") String userId,
                                             @RestQuery("worker_id") String workerId, @RestQuery String validity,
                                             @RestQuery String page) {
        Long askedUser = userId == null || userId.isBlank() ? null : number("user_id", userId);
        UUID worker = workerId == null || workerId.isBlank() ? null : uuid("worker_id", workerId);
        int pageNumber = page == null || page.isBlank() ? 1 : number("page", page).intValue();
        String which = validity == null || validity.isBlank() ? "active" : validity;
        return users.authenticate(apikey).flatMap(user -> {
            boolean moderator = user.moderator() || user.admin();
            Long listed = askedUser;
            if (!moderator && listed == null) {
                listed = user.id();
            }
            if (!moderator && listed != user.id()) {
                throw new HordeException(Rc.Forbidden, "You can only view your own messages.");
            }
            if (!List.of("active", "expired", "all").contains(which)) {
                throw new HordeException(Rc.BadRequest, "validity can only be one of 'active, 'expired', or 'all'");
            }
            return jobs.workerMessages(listed, worker, which, pageNumber)
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME));
        }).map(found -> found.stream().map(WorkerMessageView::of).toList());
    }

    @POST
    @Operation(operationId = "post_worker_messages", summary = "Create New Worker Message",
            description = "A moderator messages any worker (or every worker, without worker_id), an owner only their "
                    + "own workers.")
    @APIResponse(responseCode = "200", description = "Worker Message Created",
            content = @Content(schema = @Schema(implementation = WorkerMessageView.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (message, origin, expiry or "
            + "worker_id)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: AnonForbidden, MessagesOnlyOwnWorkers",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such worker; rc: WorkerNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<WorkerMessageView> send(MessageInput input, @RestHeader("apikey") String apikey) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (input == null || input.message() == null || input.message().isEmpty()) {
            errors.put("message", "'message' is a required property of 1 to " + MAX_MESSAGE + " characters");
        } else if (input.message().length() > MAX_MESSAGE) {
            errors.put("message", "at most " + MAX_MESSAGE + " characters");
        }
        if (input != null && input.origin() != null && (input.origin().isEmpty() || input.origin().length() > MAX_ORIGIN)) {
            errors.put("origin", "1 to " + MAX_ORIGIN + " characters");
        }
        if (input != null && input.expiry() != null && (input.expiry() < 1 || input.expiry() > MAX_EXPIRY_HOURS)) {
            errors.put("expiry", "1 to " + MAX_EXPIRY_HOURS + " hours");
        }
        if (input != null && input.workerId() != null && input.workerId().length() != 36) {
            errors.put("worker_id", "a worker id of 36 characters");
        }
        if (!errors.isEmpty()) {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(errors));
        }
        UUID worker = input.workerId() == null ? null : uuid("worker_id", input.workerId());
        int expiry = input.expiry() == null ? DEFAULT_EXPIRY_HOURS : input.expiry();
        return users.authenticate(apikey).flatMap(user -> {
            if (user.anonymous()) {
                throw new HordeException(Rc.AnonForbidden, "Anonymous user is forbidden from performing this operation");
            }
            return jobs.sendWorkerMessage(new WorkerMessagePost(user.id(), user.moderator() || user.admin(), worker,
                            input.message(), input.origin(), expiry))
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME));
        }).map(WorkerMessageView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "get_single_worker_message", summary = "Display a Worker Message",
            description = "Anybody may read one message by its id, as on the AI Horde.")
    @APIResponse(responseCode = "200", description = "The worker message",
            content = @Content(schema = @Schema(implementation = WorkerMessageView.class)))
    @APIResponse(responseCode = "404", description = "No such message; rc: ThingNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<WorkerMessageView> get(@RestPath String id) {
        return jobs.workerMessage(messageId(id)).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .map(WorkerMessageView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "delete_single_worker_message", summary = "Delete a Worker Message",
            description = "The owner of the message's worker or a moderator.")
    @APIResponse(responseCode = "200", description = "Worker Message Deleted")
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a message to one's own workers; rc: Forbidden",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such message; rc: ThingNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, String>> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        UUID messageId = messageId(id);
        return users.authenticate(apikey)
                .flatMap(user -> jobs.deleteWorkerMessage(messageId, user.id(), user.moderator() || user.admin())
                        .onFailure().transform(InternalErrors.unreachable(JobService.NAME)))
                .map(done -> Map.of("message", "OK"));
    }

    private static UUID messageId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.ThingNotFound, "WorkerMessage with ID '" + id + "' not found.");
        }
    }

    private static UUID uuid(String name, String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(Map.of(name, "not a worker id")));
        }
    }

    private static Long number(String name, String value) {
        if (!value.strip().matches("\\d{1,18}")) {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(Map.of(name,
                    "must be a whole number")));
        }
        return Long.parseLong(value.strip());
    }
}
