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
public class SharedKeyResource {

    private final SharedKeys keys;

    SharedKeyResource(SharedKeys keys) {
        this.keys = keys;
    }

    /** The AI Horde's {@code SimpleResponse}. */
    public record SimpleResponse(String message) {
    }

    @PUT
    public Uni<SharedKeyView> create(SharedKeyView.Input input, @RestHeader("apikey") String apikey) {
        return keys.create(SharedKeyView.Input.orEmpty(input), apikey).map(SharedKeyView::of);
    }

    @GET
    @Path("/{id}")
    public Uni<SharedKeyView> get(@RestPath String id) {
        return keys.get(SharedKeyView.keyId(id)).map(SharedKeyView::of);
    }

    @PATCH
    @Path("/{id}")
    public Uni<SharedKeyView> change(@RestPath String id, SharedKeyView.Input input,
                                     @RestHeader("apikey") String apikey) {
        return keys.change(SharedKeyView.keyId(id), SharedKeyView.Input.orEmpty(input), apikey)
                .map(SharedKeyView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<SimpleResponse> delete(@RestPath String id, @RestHeader("apikey") String apikey) {
        return keys.delete(SharedKeyView.keyId(id), apikey).replaceWith(new SimpleResponse("OK"));
    }
}
