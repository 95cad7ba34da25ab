package org.openhorde.kudos.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.ApiKeyLookup;
import org.openhorde.contracts.internal.IssuedApiKey;
import org.openhorde.contracts.internal.Registration;
import org.openhorde.contracts.internal.TrustChange;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserCreation;
import org.openhorde.contracts.internal.UserModification;
import org.openhorde.contracts.internal.UserModified;
import org.openhorde.kudos.service.UserModerationService;
import org.openhorde.kudos.service.TrustService;
import org.openhorde.kudos.service.UserService;

/** Internal API for the gateway: users and API keys. Not exposed publicly. */
@Path("/internal/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalUserResource {

    private final UserService users;
    private final TrustService trust;
    private final UserModerationService moderation;

    InternalUserResource(UserService users, TrustService trust, UserModerationService moderation) {
        this.users = users;
        this.trust = trust;
        this.moderation = moderation;
    }

    @POST
    @Path("/authenticate")
    public Uni<UserAccount> authenticate(ApiKeyLookup lookup) {
        requireBody(lookup);
        return users.authenticate(lookup.apikey());
    }

    /** A page of users, sorted by {@code kudos} or {@code age}. */
    @GET
    public Uni<List<UserAccount>> page(@QueryParam("sort") String sort, @QueryParam("page") Integer page) {
        return users.page(sort, page == null ? 1 : page);
    }

    /** The AI Horde's {@code PUT /users/{id}}: the caller ({@code byUserId}) is authenticated by the gateway. */
    @PUT
    @Path("/{id}")
    public Uni<UserModified> modify(@PathParam("id") long id, UserModification change) {
        requireBody(change);
        return moderation.modify(id, change);
    }

    /** The AI Horde's {@code DELETE /users/{id}}, by the user themself or a moderator. */
    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") long id, @QueryParam("by") long byUserId) {
        return moderation.delete(id, byUserId);
    }

    @GET
    @Path("/{id}")
    public Uni<UserAccount> get(@PathParam("id") long id) {
        return users.get(id);
    }

    @POST
    @Path("/register")
    public Uni<RestResponse<IssuedApiKey>> register(Registration registration) {
        requireBody(registration);
        return users.register(registration.username()).map(issued -> RestResponse.status(RestResponse.Status.CREATED, issued));
    }

    /** An operator trusts a user (releasing their escrow to their balance) or withdraws trust. */
    @PUT
    @Path("/{id}/trust")
    public Uni<UserAccount> trust(@PathParam("id") long id, TrustChange change) {
        requireBody(change);
        return trust.change(id, change).chain(() -> users.get(id));
    }

    @POST
    public Uni<RestResponse<IssuedApiKey>> create(UserCreation creation) {
        requireBody(creation);
        return users.create(creation).map(issued -> RestResponse.status(RestResponse.Status.CREATED, issued));
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
    }
}
