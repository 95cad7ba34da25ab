package org.openhorde.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.RatingSubmission;
import org.openhorde.contracts.internal.RequestRatingSubmission;

/**
 * rating-service's internal API. Its answers already have the AI Horde ratings service's shapes, so the gateway
 * relays them as JSON trees without a second set of records.
 */
@RegisterRestClient(configKey = RatingService.NAME)
@Path("/internal/ratings")
public interface RatingService {

    String NAME = "rating-service";

    @GET
    @Path("/datasets")
    Uni<List<JsonNode>> datasets();

    @GET
    @Path("/new")
    Uni<JsonNode> next(@QueryParam("dataset") String datasetId, @QueryParam("model") String model,
                       @QueryParam("rater") Long raterId);

    @POST
    @Path("/requests/{requestId}")
    Uni<JsonNode> rateRequest(@PathParam("requestId") UUID requestId, RequestRatingSubmission submission);

    @POST
    @Path("/images/{imageId}")
    Uni<JsonNode> rate(@PathParam("imageId") UUID imageId, RatingSubmission submission);

    @GET
    @Path("/images/{imageId}")
    Uni<JsonNode> imageRatings(@PathParam("imageId") UUID imageId);

    /** {@code {name, url, export_id}}: a presigned URL of one file of the latest research export, or 404. */
    @GET
    @Path("/exports/latest/{name}")
    Uni<JsonNode> latestExportFile(@PathParam("name") String name);

    /** Starts a dataset import (decision 0040): 202 with its status. */
    @POST
    @Path("/imports")
    Uni<JsonNode> startImport(JsonNode input);

    @GET
    @Path("/imports/{id}")
    Uni<JsonNode> importStatus(@PathParam("id") UUID id);

    @GET
    @Path("/imports")
    Uni<List<JsonNode>> imports(@QueryParam("dataset") String dataset);
    @GET
    @Path("/moderation/ratings")
    Uni<JsonNode> moderationRatings(@QueryParam("rating") Integer rating,
                                    @QueryParam("rating_comparison") String ratingComparison,
                                    @QueryParam("artifacts") Integer artifacts,
                                    @QueryParam("artifacts_comparison") String artifactsComparison,
                                    @QueryParam("min_ratings") Integer minRatings, @QueryParam("limit") Integer limit,
                                    @QueryParam("offset") Integer offset, @QueryParam("diverge") Double diverge,
                                    @QueryParam("client_agent") String clientAgent);

    @GET
    @Path("/moderation/raters/{userId}/validate")
    Uni<JsonNode> validation(@PathParam("userId") long userId, @QueryParam("rating") Integer rating,
                             @QueryParam("rating_comparison") String ratingComparison,
                             @QueryParam("artifacts") Integer artifacts,
                             @QueryParam("artifacts_comparison") String artifactsComparison,
                             @QueryParam("min_ratings") Integer minRatings, @QueryParam("limit") Integer limit,
                             @QueryParam("offset") Integer offset, @QueryParam("diverge") Double diverge,
                             @QueryParam("client_agent") String clientAgent);

    @PUT
    @Path("/moderation/raters/{userId}/validate")
    Uni<JsonNode> judge(@PathParam("userId") long userId, Map<String, String> judgement);

    @GET
    @Path("/moderation/raters/{userId}/check")
    Uni<JsonNode> check(@PathParam("userId") long userId, @QueryParam("minutes") Integer minutes,
                        @QueryParam("divergence") Double divergence);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
