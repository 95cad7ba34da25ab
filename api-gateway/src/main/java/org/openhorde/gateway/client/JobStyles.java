package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.CollectionChange;
import org.openhorde.contracts.internal.CollectionView;
import org.openhorde.contracts.internal.StyleActor;
import org.openhorde.contracts.internal.StyleChange;
import org.openhorde.contracts.internal.StyleExampleChange;
import org.openhorde.contracts.internal.StyleExampleView;
import org.openhorde.contracts.internal.StyleUse;
import org.openhorde.contracts.internal.StyleView;

/** job-service's internal API for styles, their examples and collections (same service as {@link JobService}). */
@RegisterRestClient(configKey = JobService.NAME)
@Path("/internal")
public interface JobStyles {

    @GET
    @Path("/styles/{type}")
    Uni<List<StyleView>> list(@PathParam("type") String type, @QueryParam("sort") String sort,
                              @QueryParam("page") Integer page, @QueryParam("tag") String tag,
                              @QueryParam("model") String model);

    @POST
    @Path("/styles/{type}")
    Uni<StyleView> create(@PathParam("type") String type, StyleChange change);

    @GET
    @Path("/styles/{type}/{id}")
    Uni<StyleView> get(@PathParam("type") String type, @PathParam("id") String id);

    @GET
    @Path("/styles/{type}/by-name/{name}")
    Uni<StyleView> byName(@PathParam("type") String type, @PathParam("name") String name);

    @PATCH
    @Path("/styles/{type}/{id}")
    Uni<StyleView> modify(@PathParam("type") String type, @PathParam("id") String id, StyleChange change);

    @POST
    @Path("/styles/{type}/{id}/delete")
    Uni<Void> delete(@PathParam("type") String type, @PathParam("id") String id, StyleActor actor);

    @POST
    @Path("/styles/image/{id}/examples")
    Uni<StyleExampleView> addExample(@PathParam("id") String id, StyleExampleChange change);

    @PATCH
    @Path("/styles/image/{id}/examples/{exampleId}")
    Uni<StyleExampleView> modifyExample(@PathParam("id") String id, @PathParam("exampleId") String exampleId,
                                        StyleExampleChange change);

    @POST
    @Path("/styles/image/{id}/examples/{exampleId}/delete")
    Uni<Void> deleteExample(@PathParam("id") String id, @PathParam("exampleId") String exampleId, StyleActor actor);

    /** The style a request names, its use counted (a collection picks one of its styles). */
    @POST
    @Path("/style-uses")
    Uni<StyleView> use(StyleUse use);

    /** The styles a shared key pays for (decision 0044). */
    @GET
    @Path("/shared-key-styles/{keyId}")
    Uni<List<UUID>> stylesOfKey(@PathParam("keyId") UUID keyId);

    /** The key was deleted: no style keeps it. */
    @POST
    @Path("/shared-key-styles/{keyId}/detach")
    Uni<Integer> detachKey(@PathParam("keyId") UUID keyId);

    @GET
    @Path("/collections")
    Uni<List<CollectionView>> collections(@QueryParam("type") String type, @QueryParam("sort") String sort,
                                          @QueryParam("page") Integer page);

    @POST
    @Path("/collections")
    Uni<CollectionView> createCollection(CollectionChange change);

    @GET
    @Path("/collections/{id}")
    Uni<CollectionView> collection(@PathParam("id") String id);

    @GET
    @Path("/collections/by-name/{name}")
    Uni<CollectionView> collectionByName(@PathParam("name") String name);

    @PATCH
    @Path("/collections/{id}")
    Uni<CollectionView> modifyCollection(@PathParam("id") String id, CollectionChange change);

    @POST
    @Path("/collections/{id}/delete")
    Uni<Void> deleteCollection(@PathParam("id") String id, StyleActor actor);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(JobService.NAME, response);
    }
}
