package org.openhorde.gateway.rest;

import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.IssuedApiKey;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserModified;
import org.openhorde.gateway.domain.ModifyUserInput;
import org.openhorde.gateway.domain.NewUserInput;
import org.openhorde.gateway.domain.UserDetails;
import org.openhorde.gateway.domain.Uuids;
import org.openhorde.gateway.domain.UserDetails.Privilege;
import org.openhorde.gateway.service.UserAccounts;
import org.openhorde.kit.profanity.ProfaneText;

/** Users: registration, operator-created accounts, the AI Horde's user views and its user moderation. */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users", description = "Users: registration, details, moderation")
public class UserResource {

    private final UserAccounts users;

    UserResource(UserAccounts users) {
        this.users = users;
    }

    /** A new account; the API key is shown this once and stored only as a hash. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "A new account and its API key, shown this once.")
    public record RegisteredUser(
            @Schema(description = "The new user's id.")
            long id,
            @Schema(description = "The new user's alias, as name#id.")
            String username,
            @Schema(description = "The API key: shown only in this answer (the horde keeps only its hash).")
            String apiKey,
            @Schema(description = "The kudos the account starts with: 0 when self-registered, the operator's grant "
                    + "otherwise (at most 1000000000).")
            double kudos) {

        static RegisteredUser of(IssuedApiKey issued) {
            return new RegisteredUser(issued.id(), issued.username(), issued.apikey(),
                    Centikudos.toWireKudos(issued.kudos()));
        }
    }

    /** A pseudonymous self-registration, without starting kudos. */
    @POST
    @Path("/register")
    @Operation(operationId = "post_register", summary = "Registers a new user and returns their API key",
            description = "OpenHorde's registration (the AI Horde registers through OAuth on its web pages).")
    @APIResponse(responseCode = "201", description = "User registered",
            content = @Content(schema = @Schema(implementation = RegisteredUser.class),
                    examples = @ExampleObject(name = "User registered",
                            value = "{\"id\": 42, \"username\": \"Alice#42\", \"api_key\":"
                            + " \"0000000000a1b2c3d4e5f6\", \"kudos\": 0.0}")))
    @APIResponse(responseCode = "400", description = "No username, or one kudos-service refuses (empty, too long,"
            + " profane); rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RestResponse<RegisteredUser>> register(NewUserInput input) {
        return users.register(NewUserInput.toRegistration(input)).map(UserResource::created);
    }

    /** The operator (an admin) creates a user with starting kudos minted from the treasury. */
    @POST
    @Path("/operator/users")
    @Operation(operationId = "post_operator_users", summary = "Creates a user with starting kudos and roles (operator only)",
            description = "For operators and tests.")
    @APIResponse(responseCode = "201", description = "User created",
            content = @Content(schema = @Schema(implementation = RegisteredUser.class),
                    examples = @ExampleObject(name = "User created",
                            value = "{\"id\": 43, \"username\": \"Service#43\", \"api_key\":"
                            + " \"0000000000f6e5d4c3b2a1\", \"kudos\": 5000.0}")))
    @APIResponse(responseCode = "400", description = "Validation error: no username, kudos below 0, above 1000000000"
            + " or with more than 2 decimals, a concurrency outside 1 to 100000; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the operator; rc: NotAdmin",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<RestResponse<RegisteredUser>> create(NewUserInput input, @RestHeader("apikey") String apikey) {
        return users.authenticate(apikey).flatMap(operator -> {
            if (!operator.admin()) {
                throw new HordeException(Rc.NotAdmin, "Only an administrator may create users.");
            }
            return users.create(NewUserInput.toCreation(input, operator.id()));
        }).map(UserResource::created);
    }

    /** The caller's own account, by API key. */
    @GET
    @Path("/find_user")
    @Operation(operationId = "get_find_user", summary = "Lookup user details based on their API key",
            description = "This can be used to verify a user exists.")
    @APIResponse(responseCode = "200", description = "The key's user",
            content = @Content(schema = @Schema(implementation = UserDetails.class),
                    examples = @ExampleObject(name = "The key's user",
                            value = "{\"username\": \"db0#1\", \"id\": 1, \"kudos\": 1250.5, \"concurrency\":"
                            + " 30, \"worker_invited\": 0, \"moderator\": false, \"kudos_details\":"
                            + " {\"accumulated\": 900.0, \"gifted\": -50.0, \"donated\": 0.0, \"admin\":"
                            + " 300.0, \"received\": 100.5, \"recurring\": 0.0, \"awarded\": 0.0,"
                            + " \"styled\": 0.0}, \"worker_count\": 1, \"worker_ids\":"
                            + " [\"4a8e29a1-7b4c-4c49-9a4e-3f0c2d1e5b6a\"], \"styles\": [], \"trusted\":"
                            + " true, \"flagged\": false, \"service\": false, \"education\": false,"
                            + " \"customizer\": false, \"deleted\": false, \"pseudonymous\": true,"
                            + " \"account_age\": 8640000, \"usage\": {}, \"contributions\": {},"
                            + " \"records\": {\"usage\": {\"megapixelsteps\": 1520.4, \"tokens\":"
                            + " 20480}, \"contribution\": {\"megapixelsteps\": 30210.7, \"tokens\": 0},"
                            + " \"fulfillment\": {\"image\": 812, \"text\": 0, \"interrogation\": 0},"
                            + " \"request\": {\"image\": 120, \"text\": 4, \"interrogation\": 2}}}")))
    @APIResponse(responseCode = "401", description = "No API key sent; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No user or shared key matches the key; rc: UserNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<UserDetails> findUser(@RestHeader("apikey") String apikey) {
        Optional<UUID> sharedKeyId = apikey == null ? Optional.empty() : Uuids.parse(apikey.strip());
        if (sharedKeyId.isPresent()) {
            // A shared key's holder sees its owner as the public does, named after the key (the AI Horde's answer).
            return users.findBySharedKey(sharedKeyId.get(), apikey).flatMap(grant -> details(grant.owner(),
                    Privilege.PUBLIC).map(details -> details.withUsername(grant.owner().alias() + " (Shared Key"
                    + (grant.key().name() == null ? "" : ": " + grant.key().name()) + ")")));
        }
        return users.findByApiKey(apikey)
                .flatMap(user -> details(user, Privilege.OWN));
    }

    /** 25 users a page, by kudos (default) or age, as the AI Horde lists them; anyone may read it. */
    @GET
    @Path("/users")
    @Operation(operationId = "get_users", summary = "A List with the details and statistic of all registered users",
            description = "25 a page, sorted by kudos (default) or age.")
    @APIResponse(responseCode = "200", description = "A page of users",
            content = @Content(schema = @Schema(implementation = UserDetails.class, type = SchemaType.ARRAY),
                    examples = @ExampleObject(name = "A page of users",
                            value = "[{\"username\": \"db0#1\", \"id\": 1, \"kudos\": 1250.5, \"concurrency\":"
                            + " 30, \"worker_invited\": 0, \"moderator\": false, \"kudos_details\":"
                            + " {\"accumulated\": 900.0, \"gifted\": -50.0, \"donated\": 0.0, \"admin\":"
                            + " 300.0, \"received\": 100.5, \"recurring\": 0.0, \"awarded\": 0.0,"
                            + " \"styled\": 0.0}, \"worker_count\": 1, \"worker_ids\":"
                            + " [\"4a8e29a1-7b4c-4c49-9a4e-3f0c2d1e5b6a\"], \"styles\": [], \"trusted\":"
                            + " true, \"flagged\": false, \"service\": false, \"education\": false,"
                            + " \"customizer\": false, \"deleted\": false, \"pseudonymous\": true,"
                            + " \"account_age\": 8640000, \"usage\": {}, \"contributions\": {},"
                            + " \"records\": {\"usage\": {\"megapixelsteps\": 1520.4, \"tokens\":"
                            + " 20480}, \"contribution\": {\"megapixelsteps\": 30210.7, \"tokens\": 0},"
                            + " \"fulfillment\": {\"image\": 812, \"text\": 0, \"interrogation\": 0},"
                            + " \"request\": {\"image\": 120, \"text\": 4, \"interrogation\": 2}}}]")))
    @APIResponse(responseCode = "400", description = "A page that is no whole number; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<UserDetails>> users(@RestQuery String page, @RestQuery String sort) {
        int pageNumber = 1;
        if (page != null && !page.isBlank()) {
            if (!page.strip().matches("-?\\d{1,9}")) {
                throw new HordeException(Rc.BadRequest, "page must be a whole number");
            }
            pageNumber = Integer.parseInt(page.strip());
        }
        String order = "age".equals(sort) ? "age" : "kudos";
        return users.page(order, pageNumber).flatMap(accounts -> accounts.isEmpty()
                ? Uni.createFrom().item(List.<UserDetails>of())
                : Uni.join().all(accounts.stream().map(account -> details(account, Privilege.PUBLIC)).toList())
                .andFailFast());
    }

    /**
     * A user's details. With an API key, the user themself sees their private fields and a moderator sees the
     * moderators' ones too; an unknown key is 401, as on the AI Horde.
     */
    @GET
    @Path("/users/{id}")
    @RateLimited(LimitedRoute.USER_DETAILS)
    @Operation(operationId = "get_user_single", summary = "Details and statistics about a specific user",
            description = "Privileged fields to the user themselves and to moderators.")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(schema = @Schema(implementation = UserDetails.class),
                    examples = @ExampleObject(name = "The user",
                            value = "{\"username\": \"db0#1\", \"id\": 1, \"kudos\": 1250.5, \"concurrency\":"
                            + " 30, \"worker_invited\": 0, \"moderator\": false, \"kudos_details\":"
                            + " {\"accumulated\": 900.0, \"gifted\": -50.0, \"donated\": 0.0, \"admin\":"
                            + " 300.0, \"received\": 100.5, \"recurring\": 0.0, \"awarded\": 0.0,"
                            + " \"styled\": 0.0}, \"worker_count\": 1, \"worker_ids\":"
                            + " [\"4a8e29a1-7b4c-4c49-9a4e-3f0c2d1e5b6a\"], \"styles\": [], \"trusted\":"
                            + " true, \"flagged\": false, \"service\": false, \"education\": false,"
                            + " \"customizer\": false, \"deleted\": false, \"pseudonymous\": true,"
                            + " \"account_age\": 8640000, \"usage\": {}, \"contributions\": {},"
                            + " \"records\": {\"usage\": {\"megapixelsteps\": 1520.4, \"tokens\":"
                            + " 20480}, \"contribution\": {\"megapixelsteps\": 30210.7, \"tokens\": 0},"
                            + " \"fulfillment\": {\"image\": 812, \"text\": 0, \"interrogation\": 0},"
                            + " \"request\": {\"image\": 120, \"text\": 4, \"interrogation\": 2}}}")))
    @APIResponse(responseCode = "401", description = "Invalid API Key (when one is sent); rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such user, or an id that is not a number; rc: UserNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<UserDetails> user(@RestPath String id, @RestHeader("apikey") String apikey) {
        long userId = userId(id);
        Uni<Privilege> privilege = apikey == null || apikey.isBlank() ? Uni.createFrom().item(Privilege.PUBLIC)
                : users.authenticate(apikey).map(reader -> reader.moderator() || reader.admin() ? Privilege.MODERATOR
                : reader.id() == userId ? Privilege.OWN : Privilege.PUBLIC);
        return privilege.flatMap(seen -> users.user(userId).flatMap(user -> details(user, seen)));
    }

    /**
     * The AI Horde's user modification: the operator sets kudos, the usage multiplier and moderators; moderators
     * set trust, flags and limits; the user (or a moderator) their username, contact and public workers.
     */
    @PUT
    @Path("/users/{id}")
    @RateLimited(LimitedRoute.USER_DETAILS)
    @Operation(operationId = "put_user_single", summary = "Endpoint for horde admins to perform operations on users",
            description = "See the README's user routes for who may change which field.")
    @APIResponse(responseCode = "200", description = "User modified",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT,
                    description = "The fields changed, as they are now (kudos as new_kudos, an undelete as "
                            + "undeleted)"),
                    examples = @ExampleObject(name = "User modified",
                            value = "{\"new_kudos\": 1350.5, \"trusted\": true, \"username\": \"Alice\"}")))
    @APIResponse(responseCode = "400", description = "Validation error, nothing to change, a profane or too long name"
            + " or contact, or an undelete of a user not deleted; rc: BadRequest, NoUserModSelected,"
            + " ProfaneUserName, ProfaneUserContact, TooLongUserName, UserNotDeleted",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "A field the caller may not change (the operator: kudos, usage"
            + " multiplier, moderator; moderators: trust, flags, limits; the anonymous user nothing); rc:"
            + " NotAdmin, NotModerator, AnonForbiddenUserMod",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such user, or an id that is not a number; rc: UserNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, Object>> modify(@RestPath String id, ModifyUserInput input,
                                           @RestHeader("apikey") String apikey) {
        long userId = userId(id);
        if (input == null) {
            throw new HordeException(Rc.NoUserModSelected, "No usermod operations selected!");
        }
        return users.authenticate(apikey)
                .invoke(actor -> refuseProfanity(input))
                .flatMap(actor -> users.modify(userId, input.by(actor.id())))
                .map(UserModified::changes);
    }

    /** Marks a user deleted (hidden and disabled); the user themself or a moderator may. */
    @DELETE
    @Path("/users/{id}")
    @RateLimited(LimitedRoute.USER_DETAILS)
    @Operation(operationId = "delete_user_single", summary = "Delete a user",
            description = "Marks the user deleted; the ledger keeps their history.")
    @APIResponse(responseCode = "200", description = "User deleted",
            content = @Content(schema = @Schema(implementation = SharedKeyResource.SimpleResponse.class),
                    examples = @ExampleObject(name = "User deleted",
                            value = "{\"message\": \"OK\"}")))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Neither the user nor a moderator, a moderator's account, or the"
            + " anonymous user; rc: NotUserOrMod, CannotDeleteMod, AnonForbiddenUser",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such user, or an id that is not a number; rc: UserNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, String>> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        long userId = userId(id);
        return users.authenticate(apikey)
                .flatMap(actor -> users.delete(userId, actor.id()))
                .map(done -> Map.of("message", "OK"));
    }

    /** The AI Horde refuses a profane username or contact (the shared dictionary check, decision 0037). */
    private static void refuseProfanity(ModifyUserInput input) {
        if (ProfaneText.isProfane(input.username())) {
            throw new HordeException(Rc.ProfaneUserName,
                    "As our API is public, we do not allow profanity in the username, please try again.");
        }
        if (ProfaneText.isProfane(input.contact())) {
            throw new HordeException(Rc.ProfaneUserContact,
                    "As our API is public, we do not allow profanity in the user contact, please try again.");
        }
    }

    /** Ids are digits only; anything else is simply not found, as on the AI Horde. */
    private static long userId(String id) {
        if (id == null || !id.matches("\\d{1,18}")) {
            throw new HordeException(Rc.UserNotFound,
                    "Please use only the numerical part of the userID. E.g. the '1' in 'db0#1'");
        }
        return Long.parseLong(id);
    }

    private Uni<UserDetails> details(UserAccount user, Privilege privilege) {
        Uni<UserDetails> details = users.workersOf(user.id())
                .map(workers -> UserDetails.of(user, workers, privilege, Instant.now()));
        if (privilege == Privilege.PUBLIC) {
            return details;
        }
        return details.flatMap(shown -> users.sharedKeyIdsOf(user.id()).map(shown::withSharedkeyIds));
    }

    private static RestResponse<RegisteredUser> created(IssuedApiKey issued) {
        return RestResponse.status(RestResponse.Status.CREATED, RegisteredUser.of(issued));
    }
}
