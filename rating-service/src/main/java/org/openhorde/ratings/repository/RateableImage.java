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

/** One image that can be rated: an object in a bucket, in one dataset, with its running rating figures. */
@Entity
@Table(name = "rateable_images")
public class RateableImage extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "dataset_id")
    public Dataset dataset;

    @Column(nullable = false)
    public String bucket;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    public String model;

    /** Accepted ratings so far; what {@code /rating/new} orders by. */
    @Column(name = "times_rated", nullable = false)
    public int timesRated;

    /** Sum of the accepted ratings' values. */
    @Column(name = "rating_sum", nullable = false)
    public long ratingSum;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** A control image's settled score (decision 0034); null for every other image. */
    @Column(name = "control_score")
    public Short controlScore;

    public static RateableImage of(UUID id, Dataset dataset, String bucket, String objectKey, String model) {
        RateableImage image = new RateableImage();
        image.id = id;
        image.dataset = dataset;
        image.bucket = bucket;
        image.objectKey = objectKey;
        image.model = model;
        image.createdAt = Instant.now();
        return image;
    }

    /** The mean of the accepted ratings, 0 before the first. */
    public double average() {
        return timesRated == 0 ? 0 : (double) ratingSum / timesRated;
    }
}
