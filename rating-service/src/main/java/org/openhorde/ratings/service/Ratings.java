package org.openhorde.ratings.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.RaterSnapshot;
import org.openhorde.contracts.events.RatingExported;
import org.openhorde.contracts.events.RatingRecorded;
import org.openhorde.contracts.internal.RatingSubmission;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.IntegrityRules;
import org.openhorde.ratings.domain.RaterHash;
import org.openhorde.ratings.domain.RaterStatus;
import org.openhorde.ratings.domain.RatingDecision;
import org.openhorde.ratings.domain.RatingReward;
import org.openhorde.ratings.domain.RatingRules;
import org.openhorde.ratings.repository.Dataset;
import org.openhorde.ratings.repository.ImageUrls;
import org.openhorde.ratings.repository.RateableImage;
import org.openhorde.ratings.repository.RaterStanding;
import org.openhorde.ratings.repository.Rating;
import org.openhorde.ratings.service.Views.DatasetView;
import org.openhorde.ratings.service.Views.ImageRatingView;
import org.openhorde.ratings.service.Views.ImageRatings;
import org.openhorde.ratings.service.Views.ImageToRate;
import org.openhorde.ratings.service.Views.RatingReceipt;

/**
 * Serving images to rate and recording ratings: each rating row with its rater snapshot and decision, and its
 * events ({@code RatingRecorded} always, {@code RatingExported} when accepted) in the same transaction.
 */
@ApplicationScoped
public class Ratings {

    /** {@code /rating/new} picks at random among this many of the least-rated candidates. */
    static final int CANDIDATES = 32;
    static final String UNKNOWN_CLIENT = "unknown:0:unknown";

    private final RatingConfig config;
    private final ImageUrls urls;
    private final EventOutbox outbox;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    Ratings(RatingConfig config, ImageUrls urls, EventOutbox outbox, OutboxRelay relay, MeterRegistry metrics) {
        this.config = config;
        this.urls = urls;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
    }

    public Uni<List<DatasetView>> datasets() {
        return Panache.withSession(() -> Dataset.<Dataset>listAll()
                .flatMap(datasets -> Panache.getSession().flatMap(session -> session
                        .createQuery("select i.dataset.id, count(i) from RateableImage i group by i.dataset.id",
                                Object[].class)
                        .getResultList())
                        .map(counts -> {
                            Map<UUID, Long> byDataset = counts.stream()
                                    .collect(Collectors.toMap(row -> (UUID) row[0], row -> (Long) row[1]));
                            return datasets.stream()
                                    .map(d -> new DatasetView(d.id, d.name, d.description,
                                            byDataset.getOrDefault(d.id, 0L)))
                                    .toList();
                        })));
    }

    /** One of the least-rated images (of a dataset, of a model), with a presigned URL; anonymous callers. */
    public Uni<ImageToRate> next(UUID datasetId, String model) {
        return next(datasetId, model, 0);
    }

    /**
     * One of the least-rated images (of a dataset, of a model), with a presigned URL. A registered rater (userId
     * not 0) is never handed the same image twice while others remain, is sometimes handed a control image
     * (decision 0034: more often while under evaluation), and the hand-out is recorded, so that the rating can
     * tell how long the rater looked.
     */
    public Uni<ImageToRate> next(UUID datasetId, String model, long userId) {
        if (userId == 0) {
            return Panache.withSession(() -> candidates(datasetId, model, 0, false, null)
                    .flatMap(ids -> pick(ids, datasetId, model)))
                    .map(image -> new ImageToRate(image.id, urls.downloadUrl(image), image.dataset.id));
        }
        return Panache.withTransaction(() -> RaterStanding.<RaterStanding>findById(userId).flatMap(standing -> {
            boolean evaluating = standing == null || standing.raterStatus() == RaterStatus.EVALUATING;
            double share = evaluating ? config.integrity().controlShareEvaluating() : config.integrity().controlShare();
            boolean control = model == null && ThreadLocalRandom.current().nextDouble() < share;
            return candidates(datasetId, model, userId, true, control)
                    .flatMap(ids -> ids.isEmpty() ? candidates(datasetId, model, userId, true, null)
                            : Uni.createFrom().item(ids))
                    // Everything handed out already: one handed out but not rated, never one the rater rated (none
                    // left: 404, as before hand-outs existed).
                    .flatMap(ids -> ids.isEmpty() ? candidates(datasetId, model, userId, false, null)
                            : Uni.createFrom().item(ids))
                    .flatMap(ids -> pick(ids, datasetId, model))
                    .call(image -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                    "insert into hand_outs (user_id, image_id, handed_at) values (:user, :image,"
                                            // the moment just before the answer leaves, not the transaction's start
                                            + " clock_timestamp()) on conflict (user_id, image_id)"
                                            + " do update set handed_at = excluded.handed_at")
                            .setParameter("user", userId).setParameter("image", image.id).executeUpdate()));
        })).map(image -> new ImageToRate(image.id, urls.downloadUrl(image), image.dataset.id));
    }

    /**
     * Ids of the least-rated candidates. {@code control}: true only control images, false none, null either;
     * {@code userId} not 0 leaves out the images that rater rated, and with {@code skipHanded} those handed to them.
     */
    private Uni<List<UUID>> candidates(UUID datasetId, String model, long userId, boolean skipHanded,
                                       Boolean control) {
        StringBuilder sql = new StringBuilder("select cast(i.id as varchar) from rateable_images i where 1 = 1");
        if (datasetId != null) {
            sql.append(" and i.dataset_id = :dataset");
        }
        if (model != null) {
            sql.append(" and i.model = :model");
        }
        if (control != null) {
            sql.append(control ? " and i.control_score is not null" : " and i.control_score is null");
        }
        if (userId != 0) {
            // Index probes per candidate, walked in the least-rated index's order: neither handed to this rater
            // before nor rated by them (a rater may rate an image they were never handed).
            sql.append(" and not exists (select 1 from ratings r where r.user_id = :user and r.image_id = i.id)");
            if (skipHanded) {
                sql.append(" and not exists (select 1 from hand_outs h where h.user_id = :user"
                        + " and h.image_id = i.id)");
            }
        }
        sql.append(" order by i.times_rated, i.created_at limit ").append(CANDIDATES);
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql.toString(), String.class);
            if (datasetId != null) {
                query.setParameter("dataset", datasetId);
            }
            if (model != null) {
                query.setParameter("model", model);
            }
            if (userId != 0) {
                query.setParameter("user", userId);
            }
            return query.getResultList();
        }).map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    private Uni<RateableImage> pick(List<UUID> ids, UUID datasetId, String model) {
        if (ids.isEmpty()) {
            return Uni.createFrom().failure(new HordeException(Rc.ThingNotFound, "No image to rate"
                    + (datasetId != null ? " in dataset " + datasetId : "")
                    + (model != null ? " of model " + model : "") + "."));
        }
        return RateableImage.findById(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
    }

    public Uni<RatingReceipt> rate(UUID imageId, RatingSubmission submission) {
        RatingRules.validate(submission.rating(), submission.artifacts());
        UserAccount rater = submission.rater();
        boolean registered = rater != null && !rater.anonymous() && rater.id() != 0;
        String agent = clientAgent(submission.clientAgent());
        return Panache.withTransaction(() -> RateableImage.<RateableImage>findById(imageId,
                        LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> {
                    if (image == null) {
                        return Uni.createFrom().failure(new HordeException(Rc.ThingNotFound,
                                "Image " + imageId + " not found."));
                    }
                    // The image row is locked: one image's ratings are decided one at a time, so "rated this image
                    // before" and the running figures cannot race.
                    return history(registered ? rater.id() : 0, imageId, registered)
                            .flatMap(history -> record(image, submission, rater, registered, agent, history));
                }))
                .invoke(receipt -> relay.nudge());
    }

    /** The {@code Client-Agent} as stored: the AI Horde's default when none, at most 200 characters. */
    static String clientAgent(String header) {
        String clientAgent = header == null || header.isBlank() ? UNKNOWN_CLIENT : header.strip();
        return clientAgent.length() > 200 ? clientAgent.substring(0, 200) : clientAgent;
    }

    /**
     * What rating-service itself knows of a rater: how many ratings before, the last one, this image's, the
     * control record (failed minus passed, as the AI Horde's captchas_failed), when this image was handed to them
     * and their standing.
     */
    private record RaterHistory(long ratingsGiven, Instant previousAt, boolean ratedThisImage, int controlNetFailed,
                                Long millisSinceHandOut, RaterStanding standing) {
        static final RaterHistory NONE = new RaterHistory(0, null, false, 0, null, null);
    }

    private Uni<RaterHistory> history(long userId, UUID imageId, boolean registered) {
        if (!registered) {
            // Anonymous raters are one crowd: their counts say nothing about a person.
            return Uni.createFrom().item(RaterHistory.NONE);
        }
        return Rating.count("userId", userId)
                .flatMap(given -> Rating.<Rating>find("userId = ?1 order by createdAt desc", userId).firstResult()
                        .flatMap(previous -> Rating.count("userId = ?1 and image.id = ?2", userId, imageId)
                                .flatMap(thisImage -> Panache.getSession().flatMap(session -> session
                                        .createNativeQuery("select coalesce(sum(case when abs(rating - control_score)"
                                                + " > :tolerance then 1 else -1 end), 0) from ratings where user_id"
                                                + " = :user and control_score is not null and not duplicate",
                                                Long.class)
                                        .setParameter("tolerance", IntegrityRules.DEFAULTS.controlTolerance())
                                        .setParameter("user", userId).getSingleResult())
                                        .flatMap(controlNet -> Panache.getSession().flatMap(session -> session
                                                // Measured by the database's one clock, as the hand-out was, from
                                                // when the rating arrived (the transaction's start, before any wait
                                                // for the image's lock).
                                                .createNativeQuery("select cast(extract(epoch from (now()"
                                                        + " - handed_at)) * 1000 as bigint) from hand_outs where"
                                                        + " user_id = :user and image_id = :image", Long.class)
                                                .setParameter("user", userId).setParameter("image", imageId)
                                                .getResultList())
                                                .flatMap(handed -> RaterStanding.<RaterStanding>findById(userId)
                                                        .map(standing -> new RaterHistory(given,
                                                                previous == null ? null : previous.createdAt,
                                                                thisImage > 0, controlNet.intValue(),
                                                                handed.isEmpty() ? null : handed.get(0),
                                                                standing)))))));
    }

    private Uni<RatingReceipt> record(RateableImage image, RatingSubmission submission, UserAccount rater,
                                      boolean registered, String clientAgent, RaterHistory history) {
        Instant now = Instant.now();
        RaterSnapshot snapshot = new RaterSnapshot(
                registered ? rater.kudos() : config.anonymousKudos(),
                registered && rater.createdAt() != null ? Math.max(0, Duration.between(rater.createdAt(), now).toSeconds()) : 0,
                registered && rater.records() != null ? rater.records().imagesRequested() : 0,
                history.ratingsGiven(),
                registered && rater.trusted(),
                clientAgent,
                history.previousAt() == null ? null : Math.max(0, Duration.between(history.previousAt(), now).toSeconds()),
                history.controlNetFailed());
        RatingDecision decision = RatingDecision.of(registered, history.ratedThisImage(),
                history.standing() == null ? RaterStatus.EVALUATING : history.standing().raterStatus(),
                history.standing() == null ? null : history.standing().verdict,
                registered && rater.trusted(),
                history.standing() == null ? "no evidence yet" : history.standing().reason);
        Integer artifacts = submission.artifacts();
        long rewardDue = RatingReward.of(RatingDecision.ACCEPTED_FOR_REWARD, registered, artifacts != null,
                config.rewardPerRating(), config.artifactsBonus());
        long reward = decision.accepted() ? rewardDue : 0;

        Rating rating = new Rating();
        rating.id = UUID.randomUUID();
        rating.image = image;
        rating.userId = registered ? rater.id() : 0;
        rating.username = registered ? rater.alias() : "Anonymous#0";
        rating.rating = submission.rating().shortValue();
        rating.artifacts = artifacts == null ? null : artifacts.shortValue();
        rating.decision = decision.verdict().wire();
        rating.reason = decision.reason();
        rating.reward = reward;
        rating.rewardDue = history.ratedThisImage() ? 0 : rewardDue;
        rating.duplicate = registered && history.ratedThisImage();
        rating.snapshot(snapshot);
        rating.createdAt = now;
        rating.millisSinceHandOut = history.millisSinceHandOut() == null ? null
                : Math.max(0, history.millisSinceHandOut());
        rating.shownAverage = image.timesRated == 0 ? null : image.average();
        rating.controlScore = image.controlScore;
        if (decision.accepted()) {
            image.timesRated++;
            image.ratingSum += rating.rating;
        }

        RatingRecorded recorded = RatingRecorded.of(rating.id, image.id, image.dataset.id, rating.userId,
                rating.rating, artifacts, rating.decision, rating.reason, reward, snapshot);
        RatingExported exported = decision.accepted()
                ? RatingExported.of(rating.id, image.id, image.dataset.id, image.dataset.name, image.bucket,
                image.objectKey, image.model, RaterHash.of(config.exportSalt(), rating.userId), rating.rating,
                artifacts, now, snapshot)
                : null;
        return rating.persist()
                .call(() -> outbox.append(Topics.RATINGS_RECORDED, recorded))
                .call(() -> exported == null ? Uni.createFrom().voidItem()
                        : outbox.append(Topics.RATINGS_EXPORT, exported))
                .invoke(() -> metrics.counter("horde_ratings_recorded_total", "decision", rating.decision).increment())
                // A held or shadow-excluded rating answers as an accepted one would (the rater learns nothing of
                // the detector); a second rating of the same image is plainly worth nothing.
                .map(ignored -> new RatingReceipt("Rating submitted", rating.rewardDue / 100.0));
    }

    public Uni<ImageRatings> imageRatings(UUID imageId) {
        return Panache.withSession(() -> RateableImage.<RateableImage>findById(imageId).flatMap(image -> {
            if (image == null) {
                return Uni.createFrom().failure(new HordeException(Rc.ThingNotFound, "Image " + imageId + " not found."));
            }
            return Rating.<Rating>find("image.id = ?1 and decision = ?2 order by createdAt", imageId,
                            RatingDecision.Verdict.ACCEPTED.wire()).list()
                    .map(ratings -> new ImageRatings(ratings.size(), urls.downloadUrl(image), image.id,
                            image.average(), image.timesRated,
                            ratings.stream().map(r -> new ImageRatingView(r.username, r.rating, r.artifactsValue()))
                                    .toList()));
        }));
    }
}
