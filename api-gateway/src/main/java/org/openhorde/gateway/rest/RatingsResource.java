package org.openhorde.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.gateway.domain.Uuids;
import org.openhorde.gateway.service.RatingRequests;
import org.openhorde.kit.rest.InputLimits;

/**
 * The AI Horde ratings service's public API ({@code ratings.aihorde.net/api/v1}), served on the horde's own port:
 * images to rate, ratings with their kudos, an image's ratings. rating-service owns all of it.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ratings", description = "The ratings API v1: datasets, images to rate, ratings, exports")
public class RatingsResource {

    private final RatingRequests ratings;

    RatingsResource(RatingRequests ratings) {
        this.ratings = ratings;
    }

    /** {@code POST /rating/{id}}'s body: {@code rating} 1 (dislike) to 10 (like), {@code artifacts} 0 (none) to 5. */
    public record RatingInput(Integer rating, Integer artifacts) {
    }

    @GET
    @Path("/datasets")
    @Operation(operationId = "get_datasets", summary = "Lists the datasets whose images can be rated",
            description = "Public.")
    @APIResponse(responseCode = "200", description = "The datasets",
            content = @Content(schema = @Schema(implementation = RatingViews.Dataset.class, type = SchemaType.ARRAY),
                    examples = @ExampleObject(name = "datasets", value = DATASETS_EXAMPLE)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<JsonNode>> datasets() {
        return ratings.datasets();
    }

    @GET
    @Path("/rating/new")
    @Operation(operationId = "get_rating_new", summary = "The next image to rate",
            description = "From any dataset; fewest ratings first.")
    @APIResponse(responseCode = "200", description = "An image to rate",
            content = @Content(schema = @Schema(implementation = RatingViews.ImageToRate.class),
                    examples = @ExampleObject(name = "an image", value = NEXT_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "Invalid API Key (the key is optional); rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No image left to rate; rc: ThingNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> next(@RestHeader("apikey") String apikey) {
        return ratings.next(null, null, apikey);
    }

    @GET
    @Path("/rating/new/{datasetId}")
    @Operation(operationId = "get_rating_new_dataset", summary = "The next image to rate from one dataset",
            description = "Fewest ratings first.")
    @APIResponse(responseCode = "200", description = "An image to rate",
            content = @Content(schema = @Schema(implementation = RatingViews.ImageToRate.class),
                    examples = @ExampleObject(name = "an image", value = NEXT_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "Invalid API Key (the key is optional); rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such dataset, or no image left to rate in it; rc: "
            + "ThingNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> nextOf(@PathParam("datasetId") String datasetId, @RestHeader("apikey") String apikey) {
        return ratings.next(uuid("dataset", datasetId), null, apikey);
    }

    @GET
    @Path("/rating/new/{datasetId}/{modelName}")
    @Operation(operationId = "get_rating_new_dataset_model", summary = "The next image to rate from one dataset and model",
            description = "Fewest ratings first.")
    @APIResponse(responseCode = "200", description = "An image to rate",
            content = @Content(schema = @Schema(implementation = RatingViews.ImageToRate.class),
                    examples = @ExampleObject(name = "an image", value = NEXT_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (model_name too long)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key (the key is optional); rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such dataset, or no image of that model left to rate in it; "
            + "rc: ThingNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> nextOfModel(@PathParam("datasetId") String datasetId,
                                     @PathParam("modelName") String modelName,
                                     @RestHeader("apikey") String apikey) {
        InputLimits.requireAtMost("model_name", modelName, InputLimits.MODEL_NAME);
        return ratings.next(uuid("dataset", datasetId), modelName, apikey);
    }

    @POST
    @Path("/rating/{imageId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "post_rating", summary = "Rates an image",
            description = "Accepted ratings may earn kudos; see decision 0024.")
    @APIResponse(responseCode = "200", description = "The rating is recorded",
            content = @Content(schema = @Schema(implementation = RatingViews.RatingReceipt.class),
                    examples = @ExampleObject(name = "rated",
                            value = "{\"message\": \"Rating submitted\", \"reward\": 5.0}")))
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (rating not 1 to 10, "
            + "artifacts not 0 to 5)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key (the key is optional); rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such image; rc: ThingNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> rate(@PathParam("imageId") String imageId, RatingInput input,
                              @RestHeader("apikey") String apikey, @RestHeader("Client-Agent") String clientAgent) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "rating is required (1 to 10).");
        }
        InputLimits.requireAtMost("Client-Agent", clientAgent, InputLimits.TOKEN);
        return ratings.rate(uuid("image", imageId), input.rating(), input.artifacts(), apikey, clientAgent);
    }

    @GET
    @Path("/image/ratings/{imageId}")
    @Operation(operationId = "get_image_ratings", summary = "The ratings of one image",
            description = "Public.")
    @APIResponse(responseCode = "200", description = "The image's accepted ratings",
            content = @Content(schema = @Schema(implementation = RatingViews.ImageRatings.class),
                    examples = @ExampleObject(name = "ratings", value = IMAGE_RATINGS_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such image; rc: ThingNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> imageRatings(@PathParam("imageId") String imageId) {
        return ratings.imageRatings(uuid("image", imageId));
    }

    /**
     * The latest research export: {@code manifest.json}, {@code datacard.md} and the parts the manifest lists
     * ({@code part-000001.parquet}, {@code part-000001.jsonl}, ...). A 307 to a presigned URL of the shared bucket,
     * so the bytes never pass through the gateway (decision 0033); 404 {@code ThingNotFound} before the first export.
     */
    @GET
    @Path("/download/{name}")
    @Operation(operationId = "get_download", summary = "Downloads a research export file",
            description = "JSONL or Parquet.")
    @APIResponse(responseCode = "307", description = "Redirects to a presigned download URL of the file (Location)")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (name too long)", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No export yet, or no such file in the latest; rc: "
            + "ThingNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Response> download(@PathParam("name") String name) {
        InputLimits.requireAtMost("name", name, InputLimits.ID);
        return ratings.latestExportUrl(name).map(url -> Response.temporaryRedirect(URI.create(url)).build());
    }

    /** Moderators: ratings across raters, with each image's average, decision and reason (decision 0034). */
    @GET
    @Path("/user/ratings")
    @Operation(operationId = "get_user_ratings", summary = "Moderators: ratings across raters",
            description = "Each rating with its image's average, decision and reason (decision 0034), filtered by "
                    + "rating, artifacts, minimum ratings, divergence and client agent; JSON only.")
    @APIResponse(responseCode = "200", description = "A page of ratings")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (a filter out of range, format "
            + "not json)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> userRatings(@RestHeader("apikey") String apikey,
                                     @QueryParam("rating") Integer rating,
                                     @QueryParam("rating_comparison") String ratingComparison,
                                     @QueryParam("artifacts") Integer artifacts,
                                     @QueryParam("artifacts_comparison") String artifactsComparison,
                                     @QueryParam("min_ratings") Integer minRatings,
                                     @QueryParam("limit") Integer limit,
                                     @QueryParam("offset") Integer offset,
                                     @QueryParam("diverge") Double diverge,
                                     @QueryParam("client_agent") String clientAgent,
                                     @QueryParam("format") String format) {
        jsonOnly(format);
        InputLimits.requireAtMost("client_agent", clientAgent, InputLimits.TOKEN);
        return ratings.moderatorRatings(apikey, new RatingRequests.RatingFilter(rating, ratingComparison, artifacts,
                artifactsComparison, minRatings, limit, offset, diverge, clientAgent));
    }

    /** Moderators: one rater's standing and ratings next to the images' averages. */
    @GET
    @Path("/user/validate/{userId}")
    @Operation(operationId = "get_user_validate", summary = "Moderators: one rater's standing and ratings",
            description = "The rater's ratings next to the images' averages, with the same filters as /user/ratings; "
                    + "JSON only.")
    @APIResponse(responseCode = "200", description = "The rater's standing and ratings")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (a filter out of range, format "
            + "not json)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such user; rc: UserNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> validation(@RestHeader("apikey") String apikey, @PathParam("userId") String userId,
                                    @QueryParam("rating") Integer rating,
                                    @QueryParam("rating_comparison") String ratingComparison,
                                    @QueryParam("artifacts") Integer artifacts,
                                    @QueryParam("artifacts_comparison") String artifactsComparison,
                                    @QueryParam("min_ratings") Integer minRatings,
                                    @QueryParam("limit") Integer limit,
                                    @QueryParam("offset") Integer offset,
                                    @QueryParam("diverge") Double diverge,
                                    @QueryParam("client_agent") String clientAgent,
                                    @QueryParam("format") String format) {
        jsonOnly(format);
        InputLimits.requireAtMost("client_agent", clientAgent, InputLimits.TOKEN);
        return ratings.validation(apikey, userId(userId), new RatingRequests.RatingFilter(rating, ratingComparison,
                artifacts, artifactsComparison, minRatings, limit, offset, diverge, clientAgent));
    }

    /** {@code PUT /user/validate/{id}}'s body: {@code validated}, {@code flagged} or {@code none}. */
    public record Judgement(String verdict) {
    }

    /** Moderators: validate a rater (accepted and paid), flag one (shadow-excluded), or let the review decide. */
    @PUT
    @Path("/user/validate/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "put_user_validate", summary = "Moderators: validate or flag a rater",
            description = "validated (accepted and paid), flagged (shadow-excluded) or none (the integrity review "
                    + "decides).")
    @APIResponse(responseCode = "200", description = "The rater's new standing")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (verdict not validated, "
            + "flagged or none)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such user; rc: UserNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> judge(@RestHeader("apikey") String apikey, @PathParam("userId") String userId,
                               Judgement judgement) {
        if (judgement == null || judgement.verdict() == null) {
            throw new HordeException(Rc.BadRequest, "verdict is required: validated, flagged or none.");
        }
        InputLimits.requireAtMost("verdict", judgement.verdict(), InputLimits.TOKEN);
        return ratings.judge(apikey, userId(userId), judgement.verdict());
    }

    /** Moderators: the AI Horde's anti-abuse summary of a rater, with the integrity review's standing. */
    @GET
    @Path("/user/check/{userId}")
    @Operation(operationId = "get_user_check", summary = "Moderators: a rater's anti-abuse summary",
            description = "The AI Horde ratings service's check over the last minutes, with the integrity review's "
                    + "standing.")
    @APIResponse(responseCode = "200", description = "The rater's summary")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (minutes or divergence out of "
            + "range)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not a moderator; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such user; rc: UserNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> check(@RestHeader("apikey") String apikey, @PathParam("userId") String userId,
                               @QueryParam("minutes") Integer minutes, @QueryParam("divergence") Double divergence) {
        return ratings.check(apikey, userId(userId), minutes, divergence);
    }

    private static void jsonOnly(String format) {
        if (format != null && !format.equals("json")) {
            throw new HordeException(Rc.BadRequest, "format must be json (the html view is not served).");
        }
    }

    private static long userId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new HordeException(Rc.UserNotFound, "User with id '" + text + "' not found.");
    }

    private static UUID uuid(String what, String text) {
        return Uuids.parse(text).orElseThrow(() ->
                new HordeException(Rc.ThingNotFound, "No " + what + " with id '" + text + "'."));
    }

    // --- examples of the main answers, as the AI Horde ratings service gives them

    static final String DATASETS_EXAMPLE = """
            [{"id": "7a2f4c61-0d3e-4b8a-9f15-2c6e8d9b1a40", "name": "diffusiondb",
              "description": "Images generated on the AI Horde and shared with LAION", "image_count": 125000}]""";

    static final String NEXT_EXAMPLE = """
            {"id": "3f9a1c2e-5b7d-4e80-a1c4-9d2b6f8e0c17",
             "url": "https://cdn.droom.cloud/3f9a1c2e-5b7d-4e80-a1c4-9d2b6f8e0c17.webp",
             "dataset_id": "7a2f4c61-0d3e-4b8a-9f15-2c6e8d9b1a40"}""";

    static final String IMAGE_RATINGS_EXAMPLE = """
            {"total": 2, "image": "https://cdn.droom.cloud/3f9a1c2e-5b7d-4e80-a1c4-9d2b6f8e0c17.webp",
             "image_id": "3f9a1c2e-5b7d-4e80-a1c4-9d2b6f8e0c17", "average": 7.5, "times_rated": 2,
             "ratings": [{"username": "db0#1", "rating": 8, "artifacts": 1},
                         {"username": "Anonymous#0", "rating": 7, "artifacts": null}]}""";
}
