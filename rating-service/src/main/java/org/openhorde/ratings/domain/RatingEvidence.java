package org.openhorde.ratings.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * What one registered rater's rating tells about the rater (duplicates and anonymous ratings carry none).
 *
 * @param controlScore       the settled score when the image is a control image, else null
 * @param millisSinceHandOut how long after {@code /rating/new} handed the image to this rater it was rated; null when
 *                           it was never handed to them
 * @param shownAverage       the image's public average just before this rating; null when it had no accepted rating
 * @param raterTrusted       whether the horde trusted the rater then (the snapshot)
 */
public record RatingEvidence(UUID ratingId, long userId, UUID imageId, int rating, Integer controlScore,
                             Long millisSinceHandOut, Double shownAverage, boolean raterTrusted,
                             Instant createdAt) {
}
