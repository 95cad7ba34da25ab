package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.SharedKeyDetails;
import org.openhorde.contracts.internal.SharedKeyGrant;
import org.openhorde.contracts.internal.SharedKeyInput;

/** kudos-service's internal API for shared keys (same service as {@link KudosService}). */
@RegisterRestClient(configKey = KudosService.NAME)
@Path("/internal/sharedkeys")
public interface SharedKeysClient {

    @POST
    Uni<SharedKeyDetails> create(SharedKeyInput input);

    @GET
    Uni<List<UUID>> ownedBy(@QueryParam("owner") long ownerUserId);

    @GET
    @Path("/{id}")
    Uni<SharedKeyDetails> get(@PathParam("id") UUID id);

    @GET
    @Path("/{id}/grant")
    Uni<SharedKeyGrant> grant(@PathParam("id") UUID id);

    @PUT
    @Path("/{id}")
    Uni<SharedKeyDetails> change(@PathParam("id") UUID id, SharedKeyInput input);

    @DELETE
    @Path("/{id}")
    Uni<Void> delete(@PathParam("id") UUID id, @QueryParam("by") long actorUserId);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(KudosService.NAME, response);
    }
}
