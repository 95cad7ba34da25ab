package org.openhorde.gateway.rest;

import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    public record RegisteredUser(long id, String username, String apiKey, double kudos) {

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
    public Uni<RestResponse<RegisteredUser>> register(NewUserInput input) {
        return users.register(NewUserInput.toRegistration(input)).map(UserResource::created);
    }

    /** The operator (an admin) creates a user with starting kudos minted from the treasury. */
    @POST
    @Path("/operator/users")
    @Operation(operationId = "post_operator_users", summary = "Creates a user with starting kudos and roles (operator only)",
            description = "For operators and tests.")
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
