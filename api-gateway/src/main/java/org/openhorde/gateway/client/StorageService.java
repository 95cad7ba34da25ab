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
import org.openhorde.contracts.internal.InlineGeneration;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.contracts.internal.ObjectUrlsRequest;

/** storage-service's internal API: presigned URLs of generations, and images submitted inline. */
@RegisterRestClient(configKey = StorageService.NAME)
@Path("/internal/generations")
public interface StorageService {

    String NAME = "storage-service";

    @POST
    @Path("/upload-urls")
    Uni<ObjectUrls> uploadUrls(ObjectUrlsRequest request);

    @POST
    @Path("/download-urls")
    Uni<ObjectUrls> downloadUrls(ObjectUrlsRequest request);

    @PUT
    @Path("/{jobId}")
    Uni<Void> storeInline(@PathParam("jobId") UUID jobId, InlineGeneration generation);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
