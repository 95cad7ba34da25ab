package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The researchers' feed ({@code horde.ratings.export}): one accepted rating, self-contained, so a researcher can
 * consume the topic directly. The rater appears only as a salted hash; {@code schemaVersion} changes whenever a
 * field changes meaning, and only then.
 *
 * <p>Scales: {@code rating} 1 (dislike) to 10 (like); {@code artifacts} 0 (flawless) to 5 (garbage), or null.
 *
 * @param raterHash  hex SHA-256 of the horde's export salt and the rater's user id ("anonymous" for anonymous)
 * @param bucket     the bucket holding the image ({@code <env>-shared} for shared generations)
 * @param objectKey  the image's object key in {@code bucket}
 * @param model      the model that generated the image, null for dataset images without one
 */
public record RatingExported(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        int schemaVersion,
        UUID ratingId,
        UUID imageId,
        UUID datasetId,
        String datasetName,
        String bucket,
        String objectKey,
        String model,
        String raterHash,
        int rating,
        Integer artifacts,
        Instant ratedAt,
        RaterSnapshot rater) implements HordeEvent {

    public static final String TYPE = "RatingExported";
    public static final int VERSION = 1;
    /** The export row's schema; bump when a column changes meaning (decision 0024). */
    public static final int SCHEMA_VERSION = 1;

    public static RatingExported of(UUID ratingId, UUID imageId, UUID datasetId, String datasetName, String bucket,
                                    String objectKey, String model, String raterHash, int rating, Integer artifacts,
                                    Instant ratedAt, RaterSnapshot rater) {
        return new RatingExported(UUID.randomUUID(), TYPE, VERSION, Instant.now(), SCHEMA_VERSION, ratingId, imageId,
                datasetId, datasetName, bucket, objectKey, model, raterHash, rating, artifacts, ratedAt, rater);
    }

    @Override
    public String aggregateKey() {
        return imageId.toString();
    }
}
