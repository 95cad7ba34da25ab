package org.openhorde.storage.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUpload;
import org.openhorde.contracts.internal.SourceUrls;
import org.openhorde.storage.service.SourceService;

/** Internal API for the gateway: a request's source image and mask, stored before it is published. */
@Path("/internal/sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalSourceResource {

    private final SourceService sources;

    InternalSourceResource(SourceService sources) {
        this.sources = sources;
    }

    /** Stores the sources (base64 or https URL each); 400 with the AI Horde's source codes when they do not pass. */
    @PUT
    @Path("/{requestId}")
    public Uni<SourceKeys> store(@PathParam("requestId") String requestId, SourceUpload upload) {
        if (upload == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        return sources.store(parseRequestId(requestId), upload);
    }

    /** Presigned download URLs of stored sources, for the worker that popped their request. */
    @POST
    @Path("/download-urls")
    public Uni<SourceUrls> downloadUrls(SourceKeys keys) {
        if (keys == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        return sources.downloadUrls(keys);
    }


    private static UUID parseRequestId(String requestId) {
        try {
            return UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.BadRequest, "requestId must be a UUID");
        }
    }
}
