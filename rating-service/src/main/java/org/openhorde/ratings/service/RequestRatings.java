package org.openhorde.ratings.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.RaterSnapshot;
import org.openhorde.contracts.events.RatingExported;
import org.openhorde.contracts.events.RatingRecorded;
import org.openhorde.contracts.internal.RequestRatingSubmission;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.RaterHash;
import org.openhorde.ratings.domain.RatingDecision;
import org.openhorde.ratings.domain.RequestRatingRules;
import org.openhorde.ratings.domain.RequestRatingRules.ImageScore;
import org.openhorde.ratings.domain.RequestRatingRules.Outcome;
import org.openhorde.ratings.repository.RateableImage;
import org.openhorde.ratings.repository.Rating;

/**
 * A requester's ratings of their own finished, shared request ({@code POST /api/v2/generate/rate/{id}}), checked
 * against rating-service's projection of the request (decision 0032): one rating row per image rated (paid, capped,
 * exported like any accepted rating), the best-of pick and the total on the request's row, once per request.
 */
@ApplicationScoped
public class RequestRatings {

    static final String REASON = "the requester's rating of their own request";

    private final RatingConfig config;
    private final EventOutbox outbox;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    RequestRatings(RatingConfig config, EventOutbox outbox, OutboxRelay relay, MeterRegistry metrics) {
        this.config = config;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** What the route answers: the kudos paid. */
    public record RequestRatingReceipt(double reward) {
    }

    /** The request's row as the projection holds it. */
    private record RequestRow(long userId, String alias, boolean anonymous, boolean trusted, long kudos,
                              Long imagesRequested, boolean shared, Integer jobCount, Instant ratedAt) {
    }

    /** One finished job of the request, and whether its image was taken in as rateable. */
    private record JobRow(UUID jobId, JobOutcome outcome, long cost, boolean rateable) {
    }

    /** The id of the event paying a best-of pick: one per request, so a replay pays once. */
    public static UUID bestOfRatingId(UUID requestId) {
        return UUID.nameUUIDFromBytes(("best-of:" + requestId).getBytes(StandardCharsets.UTF_8));
    }

    public Uni<RequestRatingReceipt> rate(UUID requestId, RequestRatingSubmission submission) {
        String agent = Ratings.clientAgent(submission.clientAgent());
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> lockRequest(session, requestId)
                        .flatMap(request -> {
                            if (request == null) {
                                return Uni.createFrom().<RequestRatingReceipt>failure(new HordeException(Rc.RequestNotFound,
                                        "Image Waiting Prompt (Aesthetics) with ID '" + requestId
                                                + "' not found."));
                            }
                            UserAccount caller = submission.caller();
                            if (caller != null && !caller.anonymous() && caller.id() != 0
                                    && (request.anonymous() || caller.id() != request.userId())) {
                                return Uni.createFrom().<RequestRatingReceipt>failure(new HordeException(Rc.NotOwner,
                                        "Only the requester rates the images of their request."));
                            }
                            return jobs(session, requestId).flatMap(jobs -> decide(requestId, request, jobs,
                                    submission, caller, agent));
                        })))
                .invoke(receipt -> relay.nudge());
    }

    private Uni<RequestRatingReceipt> decide(UUID requestId, RequestRow request, List<JobRow> jobs,
                                             RequestRatingSubmission submission, UserAccount caller, String agent) {
        if (request.jobCount() == null || jobs.size() < request.jobCount()) {
            throw new HordeException(Rc.AestheticsNotCompleted, "You can only aesthetically rate completed requests!");
        }
        if (!request.shared()) {
            throw new HordeException(Rc.AestheticsNotPublic,
                    "You can only aesthetically rate requests you have opted to share publicly");
        }
        if (jobs.stream().anyMatch(j -> j.outcome() == JobOutcome.DELIVERED && !j.rateable())) {
            // Sharing copies each image after its delivery: finished means every delivered image was taken in.
            throw new HordeException(Rc.AestheticsNotCompleted, "You can only aesthetically rate completed requests!");
        }
        List<String> setIds = jobs.stream().filter(JobRow::rateable).map(j -> j.jobId().toString()).toList();
        long cost = jobs.stream().mapToLong(JobRow::cost).sum();
        List<ImageScore> scores = submission.ratings() == null ? null : submission.ratings().stream()
                .map(s -> s == null ? null : new ImageScore(s.id(), s.rating(), s.artifacts())).toList();
        Outcome outcome = RequestRatingRules.decide(setIds, scores, submission.best(),
                new RequestRatingRules.Rewards(config.rewardPerRating(), config.artifactsBonus(),
                        config.bestOfReward()), cost);
        if (request.ratedAt() != null) {
            throw new HordeException(Rc.AestheticsAlreadyExist, "This generation appears already rated");
        }
        boolean registered = !request.anonymous() && request.userId() != 0;
        boolean callerIsOwner = caller != null && registered && caller.id() == request.userId();
        return Rating.count("userId", registered ? request.userId() : -1L).flatMap(given -> {
            Instant now = Instant.now();
            RaterSnapshot snapshot = snapshot(request, callerIsOwner ? caller : null, registered, given, agent, now);
            long paidFactor = registered ? 1 : 0;
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < outcome.ratings().size(); i++) {
                ImageScore score = outcome.ratings().get(i);
                long reward = outcome.rewards().get(i) * paidFactor;
                chain = chain.chain(() -> recordOne(UUID.fromString(score.id()), score, reward, request, registered,
                        snapshot, now));
            }
            long bestReward = outcome.bestReward() * paidFactor;
            if (bestReward > 0) {
                // A best-of pick no rating decided is paid by an event of its own: rating 0, no row to average.
                UUID best = UUID.fromString(outcome.best());
                chain = chain.chain(() -> RateableImage.<RateableImage>findById(best).flatMap(image ->
                        outbox.append(Topics.RATINGS_RECORDED, RatingRecorded.of(bestOfRatingId(requestId), best,
                                image.dataset.id, request.userId(), 0, null,
                                RatingDecision.Verdict.ACCEPTED.wire(), "the requester's best-of pick of their request",
                                bestReward, snapshot))));
            }
            long total = outcome.total() * paidFactor;
            return chain.chain(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                                    update rateable_requests set rated_at = :now, best_image_id = :best, reward = :reward
                                    where request_id = :request
                                    """)
                            .setParameter("now", now).setParameter("best",
                                    outcome.best() == null ? null : UUID.fromString(outcome.best()))
                            .setParameter("reward", total).setParameter("request", requestId).executeUpdate()))
                    .invoke(() -> metrics.counter("horde_ratings_request_sets_total").increment())
                    .map(ignored -> new RequestRatingReceipt(total / 100.0));
        });
    }

    private Uni<Void> recordOne(UUID imageId, ImageScore score, long reward, RequestRow request, boolean registered,
                                RaterSnapshot snapshot, Instant now) {
        return RateableImage.<RateableImage>findById(imageId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> {
                    Rating rating = new Rating();
                    rating.id = UUID.randomUUID();
                    rating.image = image;
                    rating.userId = registered ? request.userId() : 0;
                    rating.username = registered ? request.alias() : "Anonymous#0";
                    rating.rating = score.rating().shortValue();
                    rating.artifacts = score.artifacts() == null ? null : score.artifacts().shortValue();
                    rating.decision = RatingDecision.Verdict.ACCEPTED.wire();
                    rating.requestRating = true;
                    rating.reason = REASON;
                    rating.reward = reward;
                    rating.rewardDue = reward;
                    rating.snapshot(snapshot);
                    rating.createdAt = now;
                    image.timesRated++;
                    image.ratingSum += rating.rating;
                    RatingRecorded recorded = RatingRecorded.of(rating.id, image.id, image.dataset.id, rating.userId,
                            rating.rating, score.artifacts(), rating.decision, rating.reason, reward, snapshot);
                    RatingExported exported = RatingExported.of(rating.id, image.id, image.dataset.id,
                            image.dataset.name, image.bucket, image.objectKey, image.model,
                            RaterHash.of(config.exportSalt(), rating.userId), rating.rating, score.artifacts(), now,
                            snapshot);
                    return rating.persist()
                            .call(() -> outbox.append(Topics.RATINGS_RECORDED, recorded))
                            .call(() -> outbox.append(Topics.RATINGS_EXPORT, exported))
                            .invoke(() -> metrics.counter("horde_ratings_recorded_total", "decision", rating.decision)
                                    .increment())
                            .replaceWithVoid();
                });
    }

    /**
     * The requester at this moment: their account when they called with their key, else what the request's
     * events said of them at submit time (no account age then).
     */
    private RaterSnapshot snapshot(RequestRow request, UserAccount account, boolean registered, long ratingsGiven,
                                   String agent, Instant now) {
        if (!registered) {
            return new RaterSnapshot(config.anonymousKudos(), 0, 0, 0, false, agent, null, 0);
        }
        if (account != null) {
            return new RaterSnapshot(account.kudos(),
                    account.createdAt() == null ? 0 : Math.max(0, Duration.between(account.createdAt(), now).toSeconds()),
                    account.records() == null ? 0 : account.records().imagesRequested(), ratingsGiven,
                    account.trusted(), agent, null, 0);
        }
        return new RaterSnapshot(request.kudos(), 0, request.imagesRequested() == null ? 0 : request.imagesRequested(),
                ratingsGiven, request.trusted(), agent, null, 0);
    }

    private static Uni<RequestRow> lockRequest(Mutiny.Session session, UUID requestId) {
        // The request's row is locked: two calls rating one request are decided one after the other, so it is rated
        // once.
        return session.createNativeQuery("""
                        select user_id, alias, anonymous, trusted, kudos, images_requested, shared, job_count, rated_at
                        from rateable_requests where request_id = :request for update
                        """, Object[].class)
                .setParameter("request", requestId)
                .getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] r = rows.get(0);
                    return new RequestRow(((Number) r[0]).longValue(), (String) r[1], (Boolean) r[2], (Boolean) r[3],
                            ((Number) r[4]).longValue(), r[5] == null ? null : ((Number) r[5]).longValue(),
                            (Boolean) r[6], r[7] == null ? null : ((Number) r[7]).intValue(), instant(r[8]));
                });
    }

    private static Uni<List<JobRow>> jobs(Mutiny.Session session, UUID requestId) {
        return session.createNativeQuery("""
                        select j.job_id, j.outcome, j.cost, (i.id is not null)
                        from rateable_request_jobs j left join rateable_images i on i.id = j.job_id
                        where j.request_id = :request
                        """, Object[].class)
                .setParameter("request", requestId)
                .getResultList()
                .map(rows -> {
                    List<JobRow> jobs = new ArrayList<>();
                    for (Object[] r : rows) {
                        jobs.add(new JobRow((UUID) r[0], JobOutcome.valueOf((String) r[1]), ((Number) r[2]).longValue(),
                                (Boolean) r[3]));
                    }
                    return jobs;
                });
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return Instant.parse(value.toString());
    }
}
