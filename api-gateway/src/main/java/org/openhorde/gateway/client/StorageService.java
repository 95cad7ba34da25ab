package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.GenerationImages;
import org.openhorde.contracts.internal.InlineGeneration;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.contracts.internal.ObjectUrlsRequest;
import org.openhorde.contracts.internal.SourceImageKeys;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUpload;
import org.openhorde.contracts.internal.SourceUrls;

/**
 * storage-service's internal API: presigned URLs of generations, images submitted inline or read as base64, and the
 * source images of img2img requests.
 */
@RegisterRestClient(configKey = StorageService.NAME)
@Path("/internal")
public interface StorageService {

    String NAME = "storage-service";

    @POST
    @Path("/generations/upload-urls")
    Uni<ObjectUrls> uploadUrls(ObjectUrlsRequest request);

    @POST
    @Path("/generations/download-urls")
    Uni<ObjectUrls> downloadUrls(ObjectUrlsRequest request);

    @POST
    @Path("/generations/base64")
    Uni<GenerationImages> base64(ObjectUrlsRequest request);

    @PUT
    @Path("/generations/{jobId}")
    Uni<Void> storeInline(@PathParam("jobId") UUID jobId, InlineGeneration generation);

    /** Checks and stores a request's sources; 400 with the AI Horde's source codes when they do not pass. */
    @PUT
    @Path("/sources/{requestId}")
    Uni<SourceKeys> storeSources(@PathParam("requestId") UUID requestId, SourceUpload upload);

    @POST
    @Path("/sources/download-urls")
    Uni<SourceUrls> sourceUrls(SourceKeys keys);

    /** Presigned URLs of several stored source images at once, in the order asked. */
    @POST
    @Path("/sources/image-urls")
    Uni<ObjectUrls> sourceImageUrls(SourceImageKeys keys);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
