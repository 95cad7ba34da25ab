package org.openhorde.kudos.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.SharedKeyDetails;
import org.openhorde.contracts.internal.SharedKeyGrant;
import org.openhorde.contracts.internal.SharedKeyInput;
import org.openhorde.kudos.service.SharedKeyService;

/** Internal API for the gateway: shared keys. The gateway authenticated the actor. */
@Path("/internal/sharedkeys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalSharedKeyResource {

    private final SharedKeyService keys;

    InternalSharedKeyResource(SharedKeyService keys) {
        this.keys = keys;
    }

    @POST
    public Uni<SharedKeyDetails> create(SharedKeyInput input) {
        return keys.create(requireBody(input));
    }

    /** The ids of a user's keys (the AI Horde's {@code sharedkey_ids}, shown to the user and moderators). */
    @GET
    public Uni<List<UUID>> ownedBy(@QueryParam("owner") long ownerUserId) {
        return keys.idsOf(ownerUserId);
    }

    @GET
    @Path("/{id}")
    public Uni<SharedKeyDetails> get(@PathParam("id") String id) {
        return keys.get(keyId(id));
    }

    /** The key sent as {@code apikey} by a requester, with the account that pays. */
    @GET
    @Path("/{id}/grant")
    public Uni<SharedKeyGrant> grant(@PathParam("id") String id) {
        return keys.authenticate(keyId(id));
    }

    @PUT
    @Path("/{id}")
    public Uni<SharedKeyDetails> change(@PathParam("id") String id, SharedKeyInput input) {
        return keys.change(keyId(id), requireBody(input));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") String id, @QueryParam("by") long actorUserId) {
        return keys.delete(keyId(id), actorUserId);
    }

    private static SharedKeyInput requireBody(SharedKeyInput input) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        return input;
    }

    /** A malformed id names no key: the AI Horde's 401 for an unknown shared key. */
    private static UUID keyId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.InvalidAPIKey, "No user matching sent Shared Key.");
        }
    }
}
