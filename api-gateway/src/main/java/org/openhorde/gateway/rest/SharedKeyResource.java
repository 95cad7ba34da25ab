package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.gateway.domain.SharedKeyView;
import org.openhorde.gateway.service.SharedKeys;

/**
 * Shared keys (AI Horde {@code /sharedkeys}): {@code PUT} creates one for the caller (apikey), {@code GET} reads one
 * (no key needed), {@code PATCH} and {@code DELETE} are its owner's.
 */
@Path("/api/v2/sharedkeys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class SharedKeyResource {

    private final SharedKeys keys;

    SharedKeyResource(SharedKeys keys) {
        this.keys = keys;
    }

    /** The AI Horde's {@code SimpleResponse}. */
    public record SimpleResponse(String message) {
    }

    @PUT
    @Operation(operationId = "put_shared_key", summary = "Create a new SharedKey for this user",
            description = "A key others may use to spend the creator's kudos, within its kudos, expiry and "
                    + "per-request limits.")
    @APIResponse(responseCode = "200", description = "Shared Key Created",
            content = @Content(schema = @Schema(implementation = SharedKeyView.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (a limit out of range)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: AnonForbidden, DeletedUser",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<SharedKeyView> create(SharedKeyView.Input input, @RestHeader("apikey") String apikey) {
        return keys.create(SharedKeyView.Input.orEmpty(input), apikey).map(SharedKeyView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "get_shared_key_single", summary = "Get details about an existing Shared Key",
            description = "No key needed: the shared key's id is the secret.")
    @APIResponse(responseCode = "200", description = "The shared key",
            content = @Content(schema = @Schema(implementation = SharedKeyView.class)))
    @APIResponse(responseCode = "401", description = "No such shared key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<SharedKeyView> get(@RestPath String id) {
        return keys.get(SharedKeyView.keyId(id)).map(SharedKeyView::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "patch_shared_key_single", summary = "Modify an existing Shared Key",
            description = "Only its owner; what is left out stays as it is.")
    @APIResponse(responseCode = "200", description = "Shared Key Modified",
            content = @Content(schema = @Schema(implementation = SharedKeyView.class)))
    @APIResponse(responseCode = "400", description = "Validation error or nothing to change; rc: BadRequest, "
            + "NoSharedKeyModSelected",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key or no such shared key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not its owner; rc: Forbidden",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<SharedKeyView> change(@RestPath String id, SharedKeyView.Input input,
                                     @RestHeader("apikey") String apikey) {
        return keys.change(SharedKeyView.keyId(id), SharedKeyView.Input.orEmpty(input), apikey)
                .map(SharedKeyView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "delete_shared_key_single", summary = "Delete an existing SharedKey for this user",
            description = "Only its owner; requests already made with it stand.")
    @APIResponse(responseCode = "200", description = "Shared Key Deleted",
            content = @Content(schema = @Schema(implementation = SimpleResponse.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key or no such shared key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not its owner; rc: Forbidden",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<SimpleResponse> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return keys.delete(SharedKeyView.keyId(id), apikey).replaceWith(new SimpleResponse("OK"));
    }
}
