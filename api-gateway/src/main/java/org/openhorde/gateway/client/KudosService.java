package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.openhorde.contracts.internal.UserModification;
import org.openhorde.contracts.internal.UserModified;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.ApiKeyLookup;
import org.openhorde.contracts.internal.IssuedApiKey;
import org.openhorde.contracts.internal.Registration;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserCreation;

/** kudos-service's internal API: users, API keys and balances. */
@RegisterRestClient(configKey = KudosService.NAME)
@Path("/internal/users")
public interface KudosService {

    String NAME = "kudos-service";

    @POST
    @Path("/authenticate")
    Uni<UserAccount> authenticate(ApiKeyLookup lookup);

    @GET
    @Path("/{id}")
    Uni<UserAccount> user(@PathParam("id") long id);

    @GET
    Uni<List<UserAccount>> page(@QueryParam("sort") String sort, @QueryParam("page") int page);

    @PUT
    @Path("/{id}")
    Uni<UserModified> modify(@PathParam("id") long id, UserModification change);

    @DELETE
    @Path("/{id}")
    Uni<Void> delete(@PathParam("id") long id, @QueryParam("by") long byUserId);

    @POST
    @Path("/register")
    Uni<IssuedApiKey> register(Registration registration);

    @POST
    Uni<IssuedApiKey> create(UserCreation creation);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
