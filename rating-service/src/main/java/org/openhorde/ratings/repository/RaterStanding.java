package org.openhorde.ratings.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.openhorde.ratings.domain.RaterStatus;

/**
 * A registered rater's standing for ratings (decision 0034), read here; written by explicit upserts only (the
 * integrity review writes the figures, a moderator the verdict, and neither may overwrite the other's columns).
 */
@Entity
@Table(name = "raters")
public class RaterStanding extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public long userId;

    @Column(nullable = false)
    public String status;

    /** {@code validated}, {@code flagged} or null. */
    public String verdict;

    @Column(name = "verdict_by")
    public String verdictBy;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public double reliability;

    @Column(nullable = false)
    public int ratings;

    @Column(name = "control_passed", nullable = false)
    public int controlPassed;

    @Column(name = "control_failed", nullable = false)
    public int controlFailed;

    public Double divergence;

    @Column(name = "too_fast", nullable = false)
    public int tooFast;

    @Column(name = "copied_average", nullable = false)
    public int copiedAverage;

    @Column(name = "reviewed_at", nullable = false)
    public Instant reviewedAt;

    public RaterStatus raterStatus() {
        return RaterStatus.fromWire(status);
    }
}
