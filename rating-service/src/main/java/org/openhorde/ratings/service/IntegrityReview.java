package org.openhorde.ratings.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.RatingExported;
import org.openhorde.contracts.events.RatingRecorded;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.IntegrityRules;
import org.openhorde.ratings.domain.RaterHash;
import org.openhorde.ratings.domain.RaterReliability;
import org.openhorde.ratings.domain.RaterReliability.Assessment;
import org.openhorde.ratings.domain.RaterStatus;
import org.openhorde.ratings.domain.RatingDecision;
import org.openhorde.ratings.domain.RatingEvidence;
import org.openhorde.ratings.repository.Rating;

/**
 * The integrity review (decision 0034): every few seconds, one replica at a time (a transaction-scoped advisory
 * lock per schema), recomputes every registered rater's reliability from all their ratings, writes each rater's
 * standing, and brings every rating in line with its rater's standing, retroactively: a rater judged unreliable (or
 * flagged) has their accepted and held ratings excluded and taken out of the images' figures; a rater judged
 * reliable (or validated) has their held ratings accepted, averaged, exported and paid (once: kudos-service keys the
 * award on the rating id). Each change is announced on {@code horde.ratings.recorded}, in the same transaction.
 */
@ApplicationScoped
public class IntegrityReview {

    private static final Logger LOG = Logger.getLogger(IntegrityReview.class);

    private final RatingConfig config;
    private final EventOutbox outbox;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    IntegrityReview(RatingConfig config, EventOutbox outbox, OutboxRelay relay, MeterRegistry metrics) {
        this.config = config;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** What one review did (-1 raters when another replica held the lock). */
    public record Outcome(int raters, int flipped) {
    }

    @Scheduled(every = "${horde.ratings.integrity.review-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return reviewOnce().onFailure().invoke(e -> LOG.warnf("integrity review failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    IntegrityRules rules() {
        return IntegrityRules.DEFAULTS.withMinMillisToRate(config.integrity().minMillisToRate());
    }

    public Uni<Outcome> reviewOnce() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("select pg_try_advisory_xact_lock(hashtext(current_schema()"
                                + " || '.rating-integrity'))", Boolean.class).getSingleResult())
                .flatMap(locked -> locked ? review() : Uni.createFrom().item(new Outcome(-1, 0))))
                .invoke(outcome -> {
                    if (outcome.flipped() > 0) {
                        metrics.counter("horde_ratings_integrity_flipped_total").increment(outcome.flipped());
                        relay.nudge();
                    }
                });
    }

    /** A rating row as the review reads it: its evidence and its current decision. */
    private record Row(RatingEvidence evidence, String decision, boolean requestRating) {
    }

    private record Standing(RaterStatus status, String verdict) {
    }

    private Uni<Outcome> review() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select cast(id as varchar), user_id, cast(image_id as varchar), rating, control_score,"
                                + " millis_since_hand_out, shown_average, rater_trusted,"
                                + " cast(extract(epoch from created_at) * 1000 as bigint), decision, request_rating"
                                + " from ratings where user_id <> 0 and not duplicate", Object[].class)
                        .getResultList())
                .flatMap(rows -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                        "select user_id, status, verdict from raters", Object[].class)
                                .getResultList())
                        .flatMap(raters -> apply(rows.stream().map(IntegrityReview::row).toList(), raters)));
    }

    private static Row row(Object[] c) {
        return new Row(new RatingEvidence(UUID.fromString((String) c[0]), ((Number) c[1]).longValue(),
                UUID.fromString((String) c[2]), ((Number) c[3]).intValue(),
                c[4] == null ? null : ((Number) c[4]).intValue(),
                c[5] == null ? null : ((Number) c[5]).longValue(),
                c[6] == null ? null : ((Number) c[6]).doubleValue(),
                (Boolean) c[7], Instant.ofEpochMilli(((Number) c[8]).longValue())), (String) c[9], (Boolean) c[10]);
    }

    private Uni<Outcome> apply(List<Row> rows, List<Object[]> raterRows) {
        Map<Long, Standing> standings = new HashMap<>();
        Map<Long, RaterStatus> previous = new HashMap<>();
        for (Object[] r : raterRows) {
            long user = ((Number) r[0]).longValue();
            RaterStatus status = RaterStatus.fromWire((String) r[1]);
            standings.put(user, new Standing(status, (String) r[2]));
            previous.put(user, status);
        }
        // A requester's ratings of their own request are no evidence (never handed out, paid under the request's
        // caps); they only follow a verdict against their rater.
        Map<Long, Assessment> assessments = RaterReliability.assess(
                rows.stream().filter(row -> !row.requestRating()).map(Row::evidence).toList(), previous, rules());

        // Every rating whose decision differs from what its rater's standing now gives, with the new reason.
        Map<UUID, RatingDecision> flips = new HashMap<>();
        for (Row row : rows) {
            Assessment a = assessments.get(row.evidence().userId());
            Standing standing = standings.get(row.evidence().userId());
            String verdict = standing == null ? null : standing.verdict();
            if (row.requestRating()) {
                boolean excluded = "flagged".equals(verdict) || a != null && a.status() == RaterStatus.UNRELIABLE
                        && !"validated".equals(verdict);
                RatingDecision.Verdict target = excluded ? RatingDecision.Verdict.EXCLUDED
                        : RatingDecision.Verdict.ACCEPTED;
                if (!target.wire().equals(row.decision())) {
                    flips.put(row.evidence().ratingId(), new RatingDecision(target, excluded
                            ? RatingDecision.SHADOW_EXCLUDED + ("flagged".equals(verdict) ? "flagged by a moderator"
                            : a.reason()) : RequestRatings.REASON));
                }
                continue;
            }
            RatingDecision.Verdict target = RaterStatus.verdictFor(a.status(), verdict, a.trusted());
            if (!target.wire().equals(row.decision())) {
                flips.put(row.evidence().ratingId(), new RatingDecision(target,
                        RatingDecision.reason(target, a.status(), verdict, a.trusted(), a.reason())));
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Assessment a : assessments.values()) {
            chain = chain.call(() -> upsert(a));
        }
        return chain.call(() -> flip(flips)).map(ignored -> new Outcome(assessments.size(), flips.size()));
    }

    private Uni<Integer> upsert(Assessment a) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into raters (user_id, status, reason, reliability, ratings, control_passed,"
                                + " control_failed, divergence, too_fast, copied_average, reviewed_at)"
                                + " values (:user, :status, :reason, :reliability, :ratings, :passed, :failed,"
                                + " nullif(cast(:divergence as double precision), -1.0), :tooFast, :copied, now())"
                                + " on conflict (user_id) do update set status = excluded.status,"
                                + " reason = excluded.reason, reliability = excluded.reliability,"
                                + " ratings = excluded.ratings, control_passed = excluded.control_passed,"
                                + " control_failed = excluded.control_failed, divergence = excluded.divergence,"
                                + " too_fast = excluded.too_fast, copied_average = excluded.copied_average,"
                                + " reviewed_at = excluded.reviewed_at")
                .setParameter("user", a.userId())
                .setParameter("status", a.status().wire())
                .setParameter("reason", a.reason().length() > 300 ? a.reason().substring(0, 300) : a.reason())
                .setParameter("reliability", a.reliability())
                .setParameter("ratings", a.ratings())
                .setParameter("passed", a.controlPassed())
                .setParameter("failed", a.controlFailed())
                .setParameter("divergence", a.divergence() == null ? -1.0 : a.divergence())
                .setParameter("tooFast", a.tooFast())
                .setParameter("copied", a.copiedAverage())
                .executeUpdate());
    }

    /** Changes the ratings' decisions, the images' figures (rows locked in id order) and announces each change. */
    private Uni<Void> flip(Map<UUID, RatingDecision> flips) {
        if (flips.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Rating.<Rating>find("from Rating r join fetch r.image i join fetch i.dataset where r.id in ?1",
                        new ArrayList<>(flips.keySet())).list()
                .flatMap(ratings -> {
                    Map<UUID, long[]> figures = new TreeMap<>();
                    Uni<Void> events = Uni.createFrom().voidItem();
                    for (Rating rating : ratings) {
                        RatingDecision decision = flips.get(rating.id);
                        boolean wasAccepted = RatingDecision.Verdict.ACCEPTED.wire().equals(rating.decision);
                        boolean nowAccepted = decision.accepted();
                        long[] delta = figures.computeIfAbsent(rating.image.id, k -> new long[2]);
                        if (wasAccepted && !nowAccepted) {
                            delta[0]--;
                            delta[1] -= rating.rating;
                        } else if (!wasAccepted && nowAccepted) {
                            delta[0]++;
                            delta[1] += rating.rating;
                            // Paid now if never before; an award already made is not made again (rating-id key).
                            rating.reward = rating.rewardDue;
                        }
                        rating.decision = decision.verdict().wire();
                        rating.reason = decision.reason().length() > 300 ? decision.reason().substring(0, 300)
                                : decision.reason();
                        events = events.call(() -> announce(rating, nowAccepted));
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (var entry : figures.entrySet()) {
                        if (entry.getValue()[0] == 0 && entry.getValue()[1] == 0) {
                            continue;
                        }
                        chain = chain.call(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                        "update rateable_images set times_rated = times_rated + :count,"
                                                + " rating_sum = rating_sum + :sum where id = :id")
                                .setParameter("count", (int) entry.getValue()[0])
                                .setParameter("sum", entry.getValue()[1])
                                .setParameter("id", entry.getKey())
                                .executeUpdate()));
                    }
                    Uni<Void> announcements = events;
                    return chain.call(() -> announcements);
                });
    }

    private Uni<Void> announce(Rating rating, boolean accepted) {
        Integer artifacts = rating.artifactsValue();
        RatingRecorded recorded = RatingRecorded.of(rating.id, rating.image.id, rating.image.dataset.id,
                rating.userId, rating.rating, artifacts, rating.decision, rating.reason,
                accepted ? rating.reward : 0, rating.snapshot());
        Uni<Void> done = outbox.append(Topics.RATINGS_RECORDED, recorded);
        if (!accepted) {
            return done;
        }
        RatingExported exported = RatingExported.of(rating.id, rating.image.id, rating.image.dataset.id,
                rating.image.dataset.name, rating.image.bucket, rating.image.objectKey, rating.image.model,
                RaterHash.of(config.exportSalt(), rating.userId), rating.rating, artifacts, rating.createdAt,
                rating.snapshot());
        return done.call(() -> outbox.append(Topics.RATINGS_EXPORT, exported));
    }
}
