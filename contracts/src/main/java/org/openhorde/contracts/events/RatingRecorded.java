package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A rating was stored, whatever was decided about it: rating-service's record of every rating, and the award
 * kudos-service pays ({@code reward} centikudos from the treasury, once per {@code ratingId}, only when
 * {@code decision} is {@code accepted} and the rater is a registered user).
 *
 * @param userId    the rater's user id, 0 for anonymous
 * @param artifacts 0 (flawless) to 5 (garbage), or null when the rater gave none
 * @param decision  {@code accepted}, {@code held} or {@code excluded}
 * @param reason    why that decision
 * @param reward    centikudos to award; 0 when nothing is paid
 */
public record RatingRecorded(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID ratingId,
        UUID imageId,
        UUID datasetId,
        long userId,
        int rating,
        Integer artifacts,
        String decision,
        String reason,
        long reward,
        RaterSnapshot rater) implements HordeEvent {

    public static final String TYPE = "RatingRecorded";
    public static final int VERSION = 1;

    public static RatingRecorded of(UUID ratingId, UUID imageId, UUID datasetId, long userId, int rating,
                                    Integer artifacts, String decision, String reason, long reward,
                                    RaterSnapshot rater) {
        return new RatingRecorded(UUID.randomUUID(), TYPE, VERSION, Instant.now(), ratingId, imageId, datasetId,
                userId, rating, artifacts, decision, reason, reward, rater);
    }

    /** Keyed by the image: one image's ratings stay in order on one partition. */
    @Override
    public String aggregateKey() {
        return imageId.toString();
    }
}
