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
import org.openhorde.ratings.domain.RaterHash;
import org.openhorde.ratings.domain.RatingDecision;
import org.openhorde.ratings.domain.RatingReward;
import org.openhorde.ratings.domain.RatingRules;
import org.openhorde.ratings.repository.Dataset;
import org.openhorde.ratings.repository.ImageUrls;
import org.openhorde.ratings.repository.RateableImage;
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

    /**
     * One of the least-rated images (of a dataset, of a model), with a presigned URL; never one a registered rater
     * (id {@code raterId}, 0 or null for anonymous) already rated.
     */
    public Uni<ImageToRate> next(UUID datasetId, String model, Long raterId) {
        StringBuilder query = new StringBuilder("from RateableImage i where 1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (datasetId != null) {
            query.append(" and i.dataset.id = :dataset");
            params.put("dataset", datasetId);
        }
        if (model != null) {
            query.append(" and i.model = :model");
            params.put("model", model);
        }
        if (raterId != null && raterId != 0) {
            // An index probe per candidate (ratings by user and image), walked in the least-rated index's order.
            query.append(" and not exists (select 1 from Rating r where r.image = i and r.userId = :rater)");
            params.put("rater", raterId);
        }
        query.append(" order by i.timesRated, i.createdAt");
        return Panache.withSession(() -> RateableImage.<RateableImage>find(query.toString(), params)
                .page(0, CANDIDATES).list())
                .map(candidates -> {
                    if (candidates.isEmpty()) {
                        throw new HordeException(Rc.ThingNotFound, "No image to rate"
                                + (datasetId != null ? " in dataset " + datasetId : "")
                                + (model != null ? " of model " + model : "") + ".");
                    }
                    RateableImage image = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
                    return new ImageToRate(image.id, urls.downloadUrl(image), image.dataset.id);
                });
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

    /** What rating-service itself knows of a rater: how many ratings before, the last one, this image's. */
    private record RaterHistory(long ratingsGiven, Instant previousAt, boolean ratedThisImage) {
        static final RaterHistory NONE = new RaterHistory(0, null, false);
    }

    private Uni<RaterHistory> history(long userId, UUID imageId, boolean registered) {
        if (!registered) {
            // Anonymous raters are one crowd: their counts say nothing about a person.
            return Uni.createFrom().item(RaterHistory.NONE);
        }
        return Rating.count("userId", userId)
                .flatMap(given -> Rating.<Rating>find("userId = ?1 order by createdAt desc", userId).firstResult()
                        .flatMap(previous -> Rating.count("userId = ?1 and image.id = ?2", userId, imageId)
                                .map(thisImage -> new RaterHistory(given,
                                        previous == null ? null : previous.createdAt, thisImage > 0))));
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
                0);
        RatingDecision decision = RatingDecision.of(registered, history.ratedThisImage());
        Integer artifacts = submission.artifacts();
        long reward = RatingReward.of(decision, registered, artifacts != null, config.rewardPerRating(),
                config.artifactsBonus());

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
        rating.snapshot(snapshot);
        rating.createdAt = now;
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
                .map(ignored -> new RatingReceipt("Rating submitted", reward / 100.0));
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
