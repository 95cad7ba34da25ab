package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the ratings API's answers, for the OpenAPI document only: the gateway relays rating-service's JSON
 * as it is (the AI Horde ratings service's shapes), so these records describe it without being on the wire path.
 */
final class RatingViews {

    private RatingViews() {
    }

    @Schema(name = "RatingDataset", description = "A dataset whose images can be rated.")
    record Dataset(
            @Schema(description = "The dataset's id.") UUID id,
            @Schema(description = "The dataset's name.") String name,
            @Schema(description = "What the dataset holds.") String description,
            @Schema(description = "How many images it holds.") @JsonProperty("image_count") long imageCount) {
    }

    @Schema(name = "ImageToRate", description = "An image to rate.")
    record ImageToRate(
            @Schema(description = "The image's id, to rate it under.") UUID id,
            @Schema(description = "Where to download the image.") String url,
            @Schema(description = "The dataset the image belongs to.") @JsonProperty("dataset_id") UUID datasetId) {
    }

    @Schema(name = "RatingReceipt", description = "An accepted rating and the kudos it earned.")
    record RatingReceipt(
            @Schema(description = "What happened.") String message,
            @Schema(description = "The kudos earned; 0 when the rating earns none (decision 0024).")
            double reward) {
    }

    @Schema(name = "ImageRating", description = "One accepted rating of an image.")
    record ImageRating(
            @Schema(description = "The rater's alias (Anonymous#0 without a key).") String username,
            @Schema(description = "How much the rater liked the image, 1 to 10.") int rating,
            @Schema(description = "The artifacts the rater saw, 0 (none) to 5; absent when not given.")
            Integer artifacts) {
    }

    @Schema(name = "ImageRatings", description = "The accepted ratings of one image.")
    record ImageRatings(
            @Schema(description = "How many ratings follow.") long total,
            @Schema(description = "Where to download the image.") String image,
            @Schema(description = "The image's id.") @JsonProperty("image_id") UUID imageId,
            @Schema(description = "The average rating.") double average,
            @Schema(description = "How often the image was rated.") @JsonProperty("times_rated") int timesRated,
            @Schema(description = "The ratings.") List<ImageRating> ratings) {
    }

    @Schema(name = "AestheticsReward", description = "The kudos a requester earned for rating their request.")
    record AestheticsReward(
            @Schema(description = "The kudos earned: at most what the request cost, minus one.") double reward) {
    }
}
