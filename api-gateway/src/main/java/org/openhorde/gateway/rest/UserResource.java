package org.openhorde.gateway.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.IssuedApiKey;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.domain.NewUserInput;
import org.openhorde.gateway.domain.UserDetails;
import org.openhorde.gateway.service.UserAccounts;

/** Users: registration, operator-created accounts, and the AI Horde's user views. */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
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
    public Uni<RestResponse<RegisteredUser>> register(NewUserInput input) {
        return users.register(NewUserInput.toRegistration(input)).map(UserResource::created);
    }

    /** The operator (an admin) creates a user with starting kudos minted from the treasury. */
    @POST
    @Path("/operator/users")
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
    public Uni<UserDetails> findUser(@RestHeader("apikey") String apikey) {
        return users.findByApiKey(apikey)
                .flatMap(user -> details(user, true));
    }

    /** Anyone's public view; ids are digits only, anything else is simply not found. */
    @GET
    @Path("/users/{id}")
    public Uni<UserDetails> user(@RestPath String id) {
        if (!id.matches("\\d{1,18}")) {
            throw new HordeException(Rc.UserNotFound, "User with ID '" + id + "' not found.");
        }
        return users.user(Long.parseLong(id)).flatMap(user -> details(user, false));
    }

    private Uni<UserDetails> details(UserAccount user, boolean ownView) {
        return users.workersOf(user.id()).map(workers -> UserDetails.of(user, workers, ownView, Instant.now()));
    }

    private static RestResponse<RegisteredUser> created(IssuedApiKey issued) {
        return RestResponse.status(RestResponse.Status.CREATED, RegisteredUser.of(issued));
    }
}
