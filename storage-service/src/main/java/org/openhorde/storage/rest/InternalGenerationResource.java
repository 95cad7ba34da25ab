package org.openhorde.storage.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.GenerationImages;
import org.openhorde.contracts.internal.InlineGeneration;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.contracts.internal.ObjectUrlsRequest;
import org.openhorde.storage.domain.StoredImage;
import org.openhorde.storage.service.GenerationService;

/** Internal API for the gateway: where generations go, where they can be fetched, and what was recorded. */
@Path("/internal/generations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalGenerationResource {

    private final GenerationService generations;

    InternalGenerationResource(GenerationService generations) {
        this.generations = generations;
    }

    @POST
    @Path("/upload-urls")
    public Uni<ObjectUrls> uploadUrls(ObjectUrlsRequest request) {
        requireBody(request);
        return generations.uploadUrls(request.jobIds());
    }

    @POST
    @Path("/download-urls")
    public ObjectUrls downloadUrls(ObjectUrlsRequest request) {
        requireBody(request);
        return generations.downloadUrls(request.jobIds());
    }

    /** The images as base64 (clients that asked for {@code r2: false}), in the order of the job ids. */
    @POST
    @Path("/base64")
    public Uni<GenerationImages> base64(ObjectUrlsRequest request) {
        requireBody(request);
        return generations.base64(request.jobIds());
    }

    @PUT
    @Path("/{jobId}")
    public Uni<RestResponse<Void>> storeInline(@PathParam("jobId") String jobId, InlineGeneration generation) {
        requireBody(generation);
        return generations.storeInline(parseJobId(jobId), generation.base64()).map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("/{jobId}")
    public Uni<StoredImage> get(@PathParam("jobId") String jobId) {
        return generations.find(parseJobId(jobId));
    }

    private static UUID parseJobId(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.BadRequest, "jobId must be a UUID");
        }
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
    }
}
