package org.openhorde.ratings.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One row of the research export: one accepted rating, its image and its rater's snapshot, the rater only as a
 * salted hash. The JSONL parts carry these fields under the same snake_case names as the Parquet columns
 * ({@link ExportColumns} documents each); nulls are written, so every line has every column.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"rating_id", "image_id", "dataset_id", "dataset_name", "bucket", "object_key", "model",
        "rater_hash", "rating", "artifacts", "rated_at", "rater_kudos", "rater_account_age_seconds",
        "rater_images_generated", "rater_ratings_given", "rater_trusted", "rater_client_agent",
        "rater_seconds_since_previous", "rater_control_failed", "image_times_rated"})
public record ExportRow(
        String ratingId,
        String imageId,
        String datasetId,
        String datasetName,
        String bucket,
        String objectKey,
        String model,
        String raterHash,
        int rating,
        Integer artifacts,
        Instant ratedAt,
        double raterKudos,
        long raterAccountAgeSeconds,
        long raterImagesGenerated,
        long raterRatingsGiven,
        boolean raterTrusted,
        String raterClientAgent,
        Long raterSecondsSincePrevious,
        int raterControlFailed,
        int imageTimesRated) {
}
