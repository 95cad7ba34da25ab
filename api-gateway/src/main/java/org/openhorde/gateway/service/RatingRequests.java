package org.openhorde.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.RatingSubmission;
import org.openhorde.contracts.internal.RequestRatingSubmission;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.RatingService;

/**
 * The ratings API's calls: who is rating (a key is verified as everywhere; no key is Anonymous, as the AI Horde
 * ratings service allows), then rating-service, which owns everything else.
 */
@ApplicationScoped
public class RatingRequests {

    private final RatingService ratings;
    private final UserAccounts accounts;

    RatingRequests(@RestClient RatingService ratings, UserAccounts accounts) {
        this.ratings = ratings;
        this.accounts = accounts;
    }

    public Uni<List<JsonNode>> datasets() {
        return ratings.datasets().onFailure().transform(InternalErrors.unreachable(RatingService.NAME));
    }

    /** An image to rate; with a key, never one that user already rated. */
    public Uni<JsonNode> next(UUID datasetId, String model, String apikey) {
        return rater(apikey).flatMap(rater -> ratings.next(datasetId == null ? null : datasetId.toString(), model,
                        rater == null || rater.anonymous() ? null : rater.id())
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    /** A requester's ratings of their own request ({@code /api/v2/generate/rate/{id}}); a key is optional there. */
    public Uni<JsonNode> rateRequest(UUID requestId, String best, List<RequestRatingSubmission.ImageScore> scores,
                                     String apikey, String clientAgent) {
        return rater(apikey).flatMap(caller -> ratings.rateRequest(requestId,
                        new RequestRatingSubmission(best, scores, caller, clientAgent))
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    /** The filters of {@code /user/ratings/} and {@code /user/validate/{id}} (the AI Horde ratings service's). */
    public record RatingFilter(Integer rating, String ratingComparison, Integer artifacts, String artifactsComparison,
                               Integer minRatings, Integer limit, Integer offset, Double diverge,
                               String clientAgent) {
    }

    public Uni<JsonNode> moderatorRatings(String apikey, RatingFilter f) {
        return moderator(apikey).flatMap(moderator -> ratings.moderationRatings(f.rating(), f.ratingComparison(),
                        f.artifacts(), f.artifactsComparison(), f.minRatings(), f.limit(), f.offset(), f.diverge(),
                        f.clientAgent())
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    public Uni<JsonNode> validation(String apikey, long userId, RatingFilter f) {
        return moderator(apikey).flatMap(moderator -> ratings.validation(userId, f.rating(), f.ratingComparison(),
                        f.artifacts(), f.artifactsComparison(), f.minRatings(), f.limit(), f.offset(), f.diverge(),
                        f.clientAgent())
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    public Uni<JsonNode> judge(String apikey, long userId, String verdict) {
        return moderator(apikey).flatMap(moderator -> {
            Map<String, String> judgement = new HashMap<>();
            judgement.put("verdict", verdict);
            judgement.put("moderator", moderator.alias());
            return ratings.judge(userId, judgement)
                    .onFailure().transform(InternalErrors.unreachable(RatingService.NAME));
        });
    }

    public Uni<JsonNode> check(String apikey, long userId, Integer minutes, Double divergence) {
        return moderator(apikey).flatMap(moderator -> ratings.check(userId, minutes, divergence)
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    /** The caller's account when it is a moderator's (or the admin's); 401 for a bad key, 403 otherwise. */
    private Uni<UserAccount> moderator(String apikey) {
        return accounts.authenticateModerator(apikey, "Only moderators can see and judge raters.");
    }

    public Uni<JsonNode> rate(UUID imageId, Integer rating, Integer artifacts, String apikey, String clientAgent) {
        return rater(apikey).flatMap(rater -> ratings.rate(imageId,
                        new RatingSubmission(rating, artifacts, rater, clientAgent))
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    public Uni<JsonNode> imageRatings(UUID imageId) {
        return ratings.imageRatings(imageId).onFailure().transform(InternalErrors.unreachable(RatingService.NAME));
    }

    /** Where one file of the latest research export can be fetched (a presigned URL of the shared bucket). */
    public Uni<String> latestExportUrl(String name) {
        return ratings.latestExportFile(name).map(file -> file.path("url").asText())
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME));
    }

    /**
     * Starts a dataset import for the operator (decision 0040); an admin's key only, as the AI Horde keeps its
     * installation's own settings to admins.
     */
    public Uni<JsonNode> startImport(String apikey, String dataset, String description, String manifestUrl) {
        return operator(apikey).flatMap(caller -> {
            ObjectNode input = JsonNodeFactory.instance.objectNode();
            input.put("dataset", dataset);
            input.put("description", description);
            input.put("manifest_url", manifestUrl);
            input.put("requested_by", caller.id());
            return ratings.startImport(input).onFailure().transform(InternalErrors.unreachable(RatingService.NAME));
        });
    }

    public Uni<JsonNode> importStatus(String apikey, UUID importId) {
        return operator(apikey).flatMap(caller -> ratings.importStatus(importId)
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    public Uni<List<JsonNode>> imports(String apikey, String dataset) {
        return operator(apikey).flatMap(caller -> ratings.imports(dataset)
                .onFailure().transform(InternalErrors.unreachable(RatingService.NAME)));
    }

    /** The caller when their key is an admin's: 401 {@code InvalidAPIKey} without a valid key, 403 {@code NotAdmin}. */
    private Uni<UserAccount> operator(String apikey) {
        return accounts.authenticate(apikey).map(caller -> {
            if (!caller.admin()) {
                throw new HordeException(Rc.NotAdmin, "Only an admin can import datasets.");
            }
            return caller;
        });
    }

    /** The verified account of the key; null (Anonymous) without one. A wrong key is 401, never Anonymous. */
    private Uni<UserAccount> rater(String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return accounts.authenticate(apikey);
    }
}
