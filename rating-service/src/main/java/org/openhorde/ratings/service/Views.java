package org.openhorde.ratings.service;

import java.util.List;
import java.util.UUID;

/** What the ratings API answers, in the AI Horde ratings service's shapes (the gateway serialises them as is). */
public final class Views {

    private Views() {
    }

    /** {@code GET /datasets}: one rateable dataset. */
    public record DatasetView(UUID id, String name, String description, long image_count) {
    }

    /** {@code GET /rating/new}: an image to rate. */
    public record ImageToRate(UUID id, String url, UUID dataset_id) {
    }

    /** {@code POST /rating/{id}}: {@code reward} in kudos. */
    public record RatingReceipt(String message, double reward) {
    }

    /** One accepted rating of an image. */
    public record ImageRatingView(String username, int rating, Integer artifacts) {
    }

    /** {@code GET /image/ratings/{id}}. */
    public record ImageRatings(long total, String image, UUID image_id, double average, int times_rated,
                               List<ImageRatingView> ratings) {
    }
}
