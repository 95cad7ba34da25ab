package org.openhorde.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openhorde.gateway.domain.CollectionInput;
import org.openhorde.gateway.rest.StyleViews.CollectionDetails;
import org.openhorde.gateway.rest.StyleViews.Modified;
import org.openhorde.gateway.rest.StyleViews.Simple;
import org.openhorde.gateway.service.StyleRequests;

/**
 * Collections of styles, as the AI Horde serves them: anyone reads; registered users create; the owner modifies;
 * the owner or a moderator deletes. A request naming a collection uses one of its styles at random.
 */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "collections", description = "Collections of styles of one type")
public class CollectionsResource {

    private final StyleRequests styles;

    CollectionsResource(StyleRequests styles) {
        this.styles = styles;
    }

    @GET
    @Path("/collections")
    @Operation(operationId = "get_collection", summary = "Displays all existing collections",
            description = "Lists the public collections, 25 a page, most used first ('popular') or oldest first "
                    + "('age'); optionally of one type.")
    @APIResponse(responseCode = "200", description = "Lists collection information",
            content = @Content(schema = @Schema(implementation = CollectionDetails.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (sort or type unknown)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<CollectionDetails>> collections(
            @Parameter(description = "How to sort returned collections: 'popular' by usage, 'age' by date added.")
            @RestQuery String sort,
            @Parameter(description = "Which page of results to return (from 1). Each page has 25 collections.")
            @RestQuery Integer page,
            @Parameter(description = "Filter by type: 'image', 'text' or 'all' (default).") @RestQuery String type) {
        return styles.collections(type, sort, page)
                .map(found -> found.stream().map(CollectionDetails::of).toList());
    }

    @POST
    @Path("/collections")
    @Operation(operationId = "post_collection", summary = "Creates a new style collection",
            description = "Any registered user may gather styles (ids or names, all of one type) in a collection.")
    @APIResponse(responseCode = "200", description = "Collection Added",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, StyleMismatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not allowed; rc: StylesAnonForbidden, DeletedUser",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> createCollection(CollectionInput input, @RestHeader("apikey") String apikey) {
        return styles.createCollection(input, apikey).map(collection -> Modified.of(collection.id()));
    }

    @GET
    @Path("/collections/{collection_id}")
    @Operation(operationId = "get_single_collection", summary = "Displays information about a single style collection",
            description = "Any collection, public or not, to whoever knows its id.")
    @APIResponse(responseCode = "200", description = "Lists collection information",
            content = @Content(schema = @Schema(implementation = CollectionDetails.class)))
    @APIResponse(responseCode = "404", description = "No such collection; rc: CollectionNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<CollectionDetails> collection(@RestPath("collection_id") String collectionId) {
        return styles.collection(collectionId).map(CollectionDetails::of);
    }

    @PATCH
    @Path("/collections/{collection_id}")
    @Operation(operationId = "patch_single_collection", summary = "Modifies an existing style collection",
            description = "Only its owner may modify a collection; new styles replace the old ones and must be of "
                    + "the collection's type.")
    @APIResponse(responseCode = "200", description = "Collection Modified",
            content = @Content(schema = @Schema(implementation = Modified.class)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest, StyleMismatch",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the owner; rc: Forbidden, DeletedUser",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such collection; rc: CollectionNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Modified> modifyCollection(@RestPath("collection_id") String collectionId, CollectionInput input,
                                          @RestHeader("apikey") String apikey) {
        return styles.modifyCollection(collectionId, input, apikey).map(collection -> Modified.of(collection.id()));
    }

    @DELETE
    @Path("/collections/{collection_id}")
    @Operation(operationId = "delete_single_collection", summary = "Deletes a style collection",
            description = "Its owner or a moderator may delete a collection; its styles stay.")
    @APIResponse(responseCode = "200", description = "Operation Completed",
            content = @Content(schema = @Schema(implementation = Simple.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the owner nor a moderator; rc: Forbidden, "
            + "StylesAnonForbidden", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such collection; rc: CollectionNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Simple> deleteCollection(@RestPath("collection_id") String collectionId,
                                        @RestHeader("apikey") String apikey) {
        return styles.deleteCollection(collectionId, apikey).replaceWith(Simple.OK);
    }

    @GET
    @Path("/collection_by_name/{collection_name}")
    @Operation(operationId = "get_single_collection_by_name", summary = "Seeks a style collection by name",
            description = "By name, 'alias::name' or 'collection::alias::name'; the oldest collection of that name "
                    + "first.")
    @APIResponse(responseCode = "200", description = "Lists collection information by name",
            content = @Content(schema = @Schema(implementation = CollectionDetails.class)))
    @APIResponse(responseCode = "404", description = "No such collection; rc: CollectionNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<CollectionDetails> collectionByName(@RestPath("collection_name") String collectionName) {
        return styles.collectionByName(collectionName).map(CollectionDetails::of);
    }
}
