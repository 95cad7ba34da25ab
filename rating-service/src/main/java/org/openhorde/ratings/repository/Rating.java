package org.openhorde.ratings.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.openhorde.contracts.events.RaterSnapshot;

/**
 * One rating as given, with the rater's snapshot at that moment and the decision taken about it. Written once;
 * later moderation changes what is exported, never this row's snapshot.
 */
@Entity
@Table(name = "ratings")
public class Rating extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_id")
    public RateableImage image;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Column(nullable = false)
    public String username;

    @Column(nullable = false)
    public short rating;

    public Short artifacts;

    @Column(nullable = false)
    public String decision;

    @Column(nullable = false)
    public String reason;

    /** Centikudos awarded (paid once the rating is accepted; never taken back). */
    @Column(nullable = false)
    public long reward;

    @Column(name = "rater_kudos", nullable = false)
    public long raterKudos;

    @Column(name = "rater_account_age", nullable = false)
    public long raterAccountAge;

    @Column(name = "rater_images_generated", nullable = false)
    public long raterImagesGenerated;

    @Column(name = "rater_ratings_given", nullable = false)
    public long raterRatingsGiven;

    @Column(name = "rater_trusted", nullable = false)
    public boolean raterTrusted;

    @Column(name = "rater_client_agent", nullable = false)
    public String raterClientAgent;

    @Column(name = "rater_seconds_since_previous")
    public Long raterSecondsSincePrevious;

    @Column(name = "rater_control_failed", nullable = false)
    public int raterControlFailed;

    /** A requester's rating of their own request's image: paid under the request's caps, no evidence. */
    @Column(name = "request_rating", nullable = false)
    public boolean requestRating;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Milliseconds since {@code /rating/new} handed the image to this rater; null when it never did. */
    @Column(name = "millis_since_hand_out")
    public Long millisSinceHandOut;

    /** The image's public average just before this rating; null when it had none. */
    @Column(name = "shown_average")
    public Double shownAverage;

    /** The settled score when the image was a control image. */
    @Column(name = "control_score")
    public Short controlScore;

    /** A registered rater's second rating of the same image: never paid, averaged or exported. */
    @Column(nullable = false)
    public boolean duplicate;

    /** Centikudos the rating earns once accepted ({@link #reward} is what was paid). */
    @Column(name = "reward_due", nullable = false)
    public long rewardDue;

    public RaterSnapshot snapshot() {
        return new RaterSnapshot(raterKudos, raterAccountAge, raterImagesGenerated, raterRatingsGiven, raterTrusted,
                raterClientAgent, raterSecondsSincePrevious, raterControlFailed);
    }

    public void snapshot(RaterSnapshot rater) {
        raterKudos = rater.kudos();
        raterAccountAge = rater.accountAgeSeconds();
        raterImagesGenerated = rater.imagesGenerated();
        raterRatingsGiven = rater.ratingsGiven();
        raterTrusted = rater.trusted();
        raterClientAgent = rater.clientAgent();
        raterSecondsSincePrevious = rater.secondsSincePreviousRating();
        raterControlFailed = rater.controlImagesFailed();
    }

    public Integer artifactsValue() {
        return artifacts == null ? null : artifacts.intValue();
    }
}
