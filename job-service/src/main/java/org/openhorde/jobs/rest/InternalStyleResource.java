package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.CollectionChange;
import org.openhorde.contracts.internal.CollectionView;
import org.openhorde.contracts.internal.StyleActor;
import org.openhorde.contracts.internal.StyleChange;
import org.openhorde.contracts.internal.StyleExampleChange;
import org.openhorde.contracts.internal.StyleExampleView;
import org.openhorde.contracts.internal.StyleUse;
import org.openhorde.contracts.internal.StyleView;
import org.openhorde.jobs.domain.StyleRules;
import org.openhorde.jobs.service.StyleCatalog;

/**
 * Internal API for the gateway: styles, their examples and collections, and the style a request names at intake.
 * The gateway verified the caller's key; the {@link StyleActor} it sends is who job-service authorizes. Deletions are
 * POSTs because they carry the actor.
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalStyleResource {

    private final StyleCatalog catalog;

    InternalStyleResource(StyleCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("/styles/{type}")
    public Uni<List<StyleView>> list(@RestPath String type, @QueryParam("sort") String sort,
                                     @QueryParam("page") Integer page, @QueryParam("tag") String tag,
                                     @QueryParam("model") String model) {
        return catalog.list(type, sort, page, tag, model);
    }

    @POST
    @Path("/styles/{type}")
    public Uni<StyleView> create(@RestPath String type, StyleChange change) {
        return catalog.create(StyleRules.type(type), requireActor(change == null ? null : change.actor(), change));
    }

    @GET
    @Path("/styles/{type}/{id}")
    public Uni<StyleView> get(@RestPath String type, @RestPath String id) {
        return catalog.get(StyleRules.type(type), styleId(id));
    }

    @GET
    @Path("/styles/{type}/by-name/{name}")
    public Uni<StyleView> byName(@RestPath String type, @RestPath String name) {
        return catalog.byName(StyleRules.type(type), name);
    }

    @PATCH
    @Path("/styles/{type}/{id}")
    public Uni<StyleView> modify(@RestPath String type, @RestPath String id, StyleChange change) {
        return catalog.modify(StyleRules.type(type), styleId(id),
                requireActor(change == null ? null : change.actor(), change));
    }

    @POST
    @Path("/styles/{type}/{id}/delete")
    public Uni<Void> delete(@RestPath String type, @RestPath String id, StyleActor actor) {
        return catalog.delete(StyleRules.type(type), styleId(id), requireActor(actor, actor));
    }

    @POST
    @Path("/styles/image/{id}/examples")
    public Uni<StyleExampleView> addExample(@RestPath String id, StyleExampleChange change) {
        return catalog.addExample(styleId(id), requireActor(change == null ? null : change.actor(), change));
    }

    @PATCH
    @Path("/styles/image/{id}/examples/{exampleId}")
    public Uni<StyleExampleView> modifyExample(@RestPath String id, @RestPath String exampleId,
                                               StyleExampleChange change) {
        return catalog.modifyExample(styleId(id), exampleId(exampleId),
                requireActor(change == null ? null : change.actor(), change));
    }

    @POST
    @Path("/styles/image/{id}/examples/{exampleId}/delete")
    public Uni<Void> deleteExample(@RestPath String id, @RestPath String exampleId, StyleActor actor) {
        return catalog.deleteExample(styleId(id), exampleId(exampleId), requireActor(actor, actor));
    }

    /** The style a request names, its use counted; see {@link StyleCatalog#use}. */
    @POST
    @Path("/style-uses")
    public Uni<StyleView> use(StyleUse use) {
        if (use == null) {
            throw new HordeException(Rc.BadRequest, "A style use needs a reference and a type.");
        }
        return catalog.use(use);
    }

    /** The styles a shared key pays for (decision 0044): a key assigned to any is not usable as an apikey. */
    @GET
    @Path("/shared-key-styles/{keyId}")
    public Uni<List<UUID>> stylesOfKey(@RestPath String keyId) {
        return catalog.stylesOfKey(parse(keyId, new HordeException(Rc.BadRequest, "A shared key id is a UUID.")));
    }

    /** The key was deleted: no style keeps it. Answers how many styles it was taken from. */
    @POST
    @Path("/shared-key-styles/{keyId}/detach")
    public Uni<Integer> detachKey(@RestPath String keyId) {
        return catalog.detachKey(parse(keyId, new HordeException(Rc.BadRequest, "A shared key id is a UUID.")));
    }

    @GET
    @Path("/collections")
    public Uni<List<CollectionView>> collections(@QueryParam("type") String type, @QueryParam("sort") String sort,
                                                 @QueryParam("page") Integer page) {
        return catalog.collections(type, sort, page);
    }

    @POST
    @Path("/collections")
    public Uni<CollectionView> createCollection(CollectionChange change) {
        return catalog.createCollection(requireActor(change == null ? null : change.actor(), change));
    }

    @GET
    @Path("/collections/{id}")
    public Uni<CollectionView> collection(@RestPath String id) {
        return catalog.collection(collectionId(id));
    }

    @GET
    @Path("/collections/by-name/{name}")
    public Uni<CollectionView> collectionByName(@RestPath String name) {
        return catalog.collectionByName(name);
    }

    @PATCH
    @Path("/collections/{id}")
    public Uni<CollectionView> modifyCollection(@RestPath String id, CollectionChange change) {
        return catalog.modifyCollection(collectionId(id), requireActor(change == null ? null : change.actor(), change));
    }

    @POST
    @Path("/collections/{id}/delete")
    public Uni<Void> deleteCollection(@RestPath String id, StyleActor actor) {
        return catalog.deleteCollection(collectionId(id), requireActor(actor, actor));
    }

    private static <T> T requireActor(StyleActor actor, T body) {
        if (body == null || actor == null) {
            throw new HordeException(Rc.BadRequest, "The gateway must say who acts.");
        }
        return body;
    }

    private static UUID styleId(String id) {
        return parse(id, new HordeException(Rc.StyleNotFound, "Style with ID '" + id + "' not found."));
    }

    private static UUID exampleId(String id) {
        return parse(id, new HordeException(Rc.StyleExampleNotFound, "Style Example with ID '" + id + "' not found."));
    }

    private static UUID collectionId(String id) {
        return parse(id, new HordeException(Rc.CollectionNotFound, "Collection with ID '" + id + "' not found."));
    }

    private static UUID parse(String id, HordeException notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw notFound;
        }
    }
}
