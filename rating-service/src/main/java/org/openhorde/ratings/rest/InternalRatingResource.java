package org.openhorde.ratings.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.RatingSubmission;
import org.openhorde.kit.rest.InputLimits;
import org.openhorde.contracts.internal.RequestRatingSubmission;
import org.openhorde.ratings.service.Ratings;
import org.openhorde.ratings.service.RequestRatings;
import org.openhorde.ratings.service.Views.DatasetView;
import org.openhorde.ratings.service.Views.ImageRatings;
import org.openhorde.ratings.service.Views.ImageToRate;
import org.openhorde.ratings.service.Views.RatingReceipt;

/** rating-service's internal API; the gateway serves it publicly as the AI Horde ratings API ({@code /api/v1}). */
@Path("/internal/ratings")
@Produces(MediaType.APPLICATION_JSON)
public class InternalRatingResource {

    /** More ratings than a request can hold images (the AI Horde's n is at most 20) name images it does not hold. */
    static final int MAX_SET_RATINGS = 20;

    private final Ratings ratings;
    private final RequestRatings requestRatings;

    InternalRatingResource(Ratings ratings, RequestRatings requestRatings) {
        this.ratings = ratings;
        this.requestRatings = requestRatings;
    }

    @GET
    @Path("/datasets")
    public Uni<List<DatasetView>> datasets() {
        return ratings.datasets();
    }

    /** An image to rate, of a dataset and a model when given. */
    @GET
    @Path("/new")
    public Uni<ImageToRate> next(@QueryParam("dataset") String datasetId, @QueryParam("model") String model,
                                 @QueryParam("rater") Long raterId) {
        InputLimits.requireAtMost("model", model, InputLimits.MODEL_NAME);
        // The rater (absent or 0: anonymous): hand-outs are recorded per registered rater (decision 0034).
        return ratings.next(datasetId == null ? null : uuid("dataset", datasetId), model,
                raterId == null || raterId < 0 ? 0 : raterId);
    }

    @POST
    @Path("/images/{imageId}")
    public Uni<RatingReceipt> rate(@PathParam("imageId") String imageId, RatingSubmission submission) {
        if (submission == null) {
            throw new HordeException(Rc.BadRequest, "rating is required (1 to 10).");
        }
        if (submission.rater() != null) {
            // The rater's alias goes into a column of its own; check it here rather than let the database refuse it.
            InputLimits.requireAtMost("rater.username", submission.rater().username(), InputLimits.USERNAME);
        }
        return ratings.rate(uuid("image", imageId), submission);
    }

    /** A requester's ratings of their own request's images (the AI Horde's {@code /generate/rate/{id}}). */
    @POST
    @Path("/requests/{requestId}")
    public Uni<RequestRatings.RequestRatingReceipt> rateRequest(@PathParam("requestId") String requestId,
                                                               RequestRatingSubmission submission) {
        UUID id;
        try {
            id = uuid("request", requestId);
        } catch (HordeException e) {
            throw new HordeException(Rc.RequestNotFound, "Image Waiting Prompt (Aesthetics) with ID '" + requestId
                    + "' not found.");
        }
        RequestRatingSubmission body = submission == null
                ? new RequestRatingSubmission(null, null, null, null) : submission;
        if (body.ratings() != null && body.ratings().size() > MAX_SET_RATINGS) {
            throw new HordeException(Rc.BadRequest, "At most " + MAX_SET_RATINGS + " ratings, one per image.");
        }
        return requestRatings.rate(id, body);
    }

    @GET
    @Path("/images/{imageId}")
    public Uni<ImageRatings> imageRatings(@PathParam("imageId") String imageId) {
        return ratings.imageRatings(uuid("image", imageId));
    }

    /** A canonical UUID; anything else names nothing (404, as for an unknown id). */
    static UUID uuid(String what, String text) {
        if (text != null && text.length() == 36) {
            try {
                UUID id = UUID.fromString(text);
                if (id.toString().equalsIgnoreCase(text)) {
                    return id;
                }
            } catch (IllegalArgumentException ignored) {
                // falls through to 404
            }
        }
        throw new HordeException(Rc.ThingNotFound, "No " + what + " with id '" + text + "'.");
    }
}
