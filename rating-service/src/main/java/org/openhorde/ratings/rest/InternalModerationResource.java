package org.openhorde.ratings.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.ratings.service.IntegrityReview;
import org.openhorde.ratings.service.Moderation;
import org.openhorde.ratings.service.Moderation.RatingFilter;

/**
 * Moderators' routes of the ratings API (the gateway checks the moderator; decision 0034), and the review on demand
 * for tests and operators.
 */
@Path("/internal/ratings/moderation")
@Produces(MediaType.APPLICATION_JSON)
public class InternalModerationResource {

    private final Moderation moderation;
    private final IntegrityReview review;

    InternalModerationResource(Moderation moderation, IntegrityReview review) {
        this.moderation = moderation;
        this.review = review;
    }

    /** {@code PUT /user/validate/{id}}'s body. */
    public record Judgement(String verdict, String moderator) {
    }

    @GET
    @Path("/ratings")
    public Uni<List<Map<String, Object>>> ratings(@QueryParam("rating") Integer rating,
                                                  @QueryParam("rating_comparison") String ratingComparison,
                                                  @QueryParam("artifacts") Integer artifacts,
                                                  @QueryParam("artifacts_comparison") String artifactsComparison,
                                                  @QueryParam("min_ratings") Integer minRatings,
                                                  @QueryParam("limit") Integer limit,
                                                  @QueryParam("offset") Integer offset,
                                                  @QueryParam("diverge") Double diverge,
                                                  @QueryParam("client_agent") String clientAgent) {
        return moderation.ratings(null, new RatingFilter(rating, ratingComparison, artifacts, artifactsComparison,
                minRatings, limit, offset, diverge, clientAgent));
    }

    @GET
    @Path("/raters/{userId}/validate")
    public Uni<Map<String, Object>> validation(@PathParam("userId") long userId,
                                               @QueryParam("rating") Integer rating,
                                               @QueryParam("rating_comparison") String ratingComparison,
                                               @QueryParam("artifacts") Integer artifacts,
                                               @QueryParam("artifacts_comparison") String artifactsComparison,
                                               @QueryParam("min_ratings") Integer minRatings,
                                               @QueryParam("limit") Integer limit,
                                               @QueryParam("offset") Integer offset,
                                               @QueryParam("diverge") Double diverge,
                                               @QueryParam("client_agent") String clientAgent) {
        return moderation.validation(userId, new RatingFilter(rating, ratingComparison, artifacts,
                artifactsComparison, minRatings, limit, offset, diverge, clientAgent));
    }

    @PUT
    @Path("/raters/{userId}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> judge(@PathParam("userId") long userId, Judgement judgement) {
        if (judgement == null) {
            throw new HordeException(Rc.BadRequest, "verdict must be validated, flagged or none.");
        }
        return moderation.judge(userId, judgement.verdict(), judgement.moderator());
    }

    @GET
    @Path("/raters/{userId}/check")
    public Uni<Map<String, Object>> check(@PathParam("userId") long userId,
                                          @QueryParam("minutes") @DefaultValue("60") int minutes,
                                          @QueryParam("divergence") @DefaultValue("3") double divergence) {
        return moderation.check(userId, minutes, divergence);
    }

    /** Runs the integrity review now (when no replica is running one); what it did. */
    @PUT
    @Path("/review")
    public Uni<IntegrityReview.Outcome> review() {
        return review.reviewOnce();
    }
}
