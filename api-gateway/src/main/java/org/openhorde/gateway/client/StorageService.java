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
import org.openhorde.contracts.internal.ObjectUrlsRequest;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUpload;

/**
 * storage-service's internal API: images submitted inline or read as base64, and the source images of img2img requests
 * and interrogations. Presigned URLs are signed by the gateway itself ({@link PresignedUrls}, decisions 0018, 0046).
 */
@RegisterRestClient(configKey = StorageService.NAME)
@Path("/internal")
public interface StorageService {

    String NAME = "storage-service";

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

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
