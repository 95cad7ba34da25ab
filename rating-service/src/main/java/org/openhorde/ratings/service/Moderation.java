package org.openhorde.ratings.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.ratings.repository.ImageUrls;
import org.openhorde.ratings.repository.RateableImage;
import org.openhorde.ratings.repository.RaterStanding;

/**
 * The moderators' read model of rating integrity (the AI Horde ratings service's {@code /user/ratings/},
 * {@code /user/check/{id}}, {@code /user/validate/{id}}) and their verdict (decision 0034): each rating with the
 * image's average, its decision and why; each rater's reliability, control record, divergence and velocity.
 */
@ApplicationScoped
public class Moderation {

    /** The most rows one listing returns (the AI Horde's default page is 100). */
    static final int MAX_LIMIT = 1000;

    private final ImageUrls urls;
    private final IntegrityReview review;

    Moderation(ImageUrls urls, IntegrityReview review) {
        this.urls = urls;
        this.review = review;
    }

    /** The filters of {@code /user/ratings/} and {@code /user/validate/{id}}, as the reference lists them. */
    public record RatingFilter(Integer rating, String ratingComparison, Integer artifacts, String artifactsComparison,
                               Integer minRatings, Integer limit, Integer offset, Double diverge, String clientAgent) {

        void validate() {
            comparison("rating_comparison", ratingComparison);
            comparison("artifacts_comparison", artifactsComparison);
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw new HordeException(Rc.BadRequest, "limit must be between 1 and " + MAX_LIMIT + ".");
            }
            if (offset != null && offset < 0) {
                throw new HordeException(Rc.BadRequest, "offset must not be negative.");
            }
            if (minRatings != null && minRatings < 0) {
                throw new HordeException(Rc.BadRequest, "min_ratings must not be negative.");
            }
            if (diverge != null && (diverge < 0 || diverge.isNaN() || diverge > 9)) {
                throw new HordeException(Rc.BadRequest, "diverge must be between 0 and 9.");
            }
            if (clientAgent != null && clientAgent.length() > 200) {
                throw new HordeException(Rc.BadRequest, "client_agent is at most 200 characters.");
            }
        }

        private static void comparison(String name, String value) {
            if (value != null && !List.of("ge", "le", "eq").contains(value)) {
                throw new HordeException(Rc.BadRequest, name + " must be ge, le or eq, not '" + value + "'.");
            }
        }
    }

    public Uni<List<Map<String, Object>>> ratings(Long userId, RatingFilter filter) {
        filter.validate();
        StringBuilder sql = new StringBuilder(
                "select r.username, r.user_id, cast(r.id as varchar), cast(r.image_id as varchar), r.rating,"
                        + " r.artifacts, r.decision, r.reason, r.rater_client_agent, r.millis_since_hand_out,"
                        + " r.control_score, cast(extract(epoch from r.created_at) * 1000 as bigint), i.times_rated,"
                        + " case when i.times_rated = 0 then 0 else cast(i.rating_sum as double precision)"
                        + " / i.times_rated end, i.bucket, i.object_key"
                        + " from ratings r join rateable_images i on i.id = r.image_id where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (userId != null) {
            sql.append(" and r.user_id = :user");
            params.put("user", userId);
        }
        if (filter.rating() != null) {
            sql.append(" and r.rating ").append(operator(filter.ratingComparison())).append(" :rating");
            params.put("rating", filter.rating().shortValue());
        }
        if (filter.artifacts() != null) {
            sql.append(" and r.artifacts ").append(operator(filter.artifactsComparison())).append(" :artifacts");
            params.put("artifacts", filter.artifacts().shortValue());
        }
        if (filter.minRatings() != null) {
            sql.append(" and i.times_rated >= :minRatings");
            params.put("minRatings", filter.minRatings());
        }
        if (filter.diverge() != null) {
            sql.append(" and i.times_rated > 0 and abs(r.rating - cast(i.rating_sum as double precision)"
                    + " / i.times_rated) >= :diverge");
            params.put("diverge", filter.diverge());
        }
        if (filter.clientAgent() != null) {
            sql.append(" and r.rater_client_agent = :agent");
            params.put("agent", filter.clientAgent());
        }
        sql.append(" order by r.created_at desc limit ").append(filter.limit() == null ? 100 : filter.limit())
                .append(" offset ").append(filter.offset() == null ? 0 : filter.offset());
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql.toString(), Object[].class);
            params.forEach(query::setParameter);
            return query.getResultList();
        })).map(rows -> rows.stream().map(this::ratingView).toList());
    }

    private Map<String, Object> ratingView(Object[] c) {
        RateableImage image = new RateableImage();
        image.bucket = (String) c[14];
        image.objectKey = (String) c[15];
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", c[0]);
        view.put("user_id", ((Number) c[1]).longValue());
        view.put("rating_id", c[2]);
        view.put("image_id", c[3]);
        view.put("image", urls.downloadUrl(image));
        view.put("rating", ((Number) c[4]).intValue());
        view.put("artifacts", c[5] == null ? null : ((Number) c[5]).intValue());
        view.put("average", ((Number) c[13]).doubleValue());
        view.put("times_rated", ((Number) c[12]).intValue());
        view.put("decision", c[6]);
        view.put("reason", c[7]);
        view.put("client_agent", c[8]);
        view.put("millis_since_hand_out", c[9] == null ? null : ((Number) c[9]).longValue());
        view.put("control_score", c[10] == null ? null : ((Number) c[10]).intValue());
        view.put("created", Instant.ofEpochMilli(((Number) c[11]).longValue()).toString());
        return view;
    }

    private static String operator(String comparison) {
        return comparison == null || comparison.equals("eq") ? "=" : comparison.equals("ge") ? ">=" : "<=";
    }

    /** {@code /user/check/{id}}: the AI Horde's anti-abuse summary, and the integrity review's standing. */
    public Uni<Map<String, Object>> check(long userId, int minutes, double divergence) {
        if (minutes < 1 || minutes > 7 * 24 * 60) {
            throw new HordeException(Rc.BadRequest, "minutes must be between 1 and 10080.");
        }
        if (divergence < 0 || divergence > 9 || Double.isNaN(divergence)) {
            throw new HordeException(Rc.BadRequest, "divergence must be between 0 and 9.");
        }
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select count(*) filter (where r.created_at > now() - make_interval(mins => :minutes)),"
                                + " count(*) filter (where r.created_at > now() - interval '3 hours'),"
                                + " count(*) filter (where i.times_rated > 0 and abs(r.rating - cast(i.rating_sum"
                                + " as double precision) / i.times_rated) > :divergence),"
                                + " count(*) filter (where r.decision = 'accepted'),"
                                + " count(*) filter (where r.decision = 'held'),"
                                + " count(*) filter (where r.decision = 'excluded'),"
                                + " count(*)"
                                + " from ratings r join rateable_images i on i.id = r.image_id where r.user_id = :user",
                        Object[].class)
                .setParameter("minutes", minutes).setParameter("divergence", divergence)
                .setParameter("user", userId).getSingleResult())
                .flatMap(counts -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "select rating, count(*) from ratings where user_id = :user group by rating",
                                Object[].class).setParameter("user", userId).getResultList())
                        .flatMap(breakdown -> RaterStanding.<RaterStanding>findById(userId)
                                .map(standing -> checkView(userId, minutes, counts, breakdown, standing)))));
    }

    private static Map<String, Object> checkView(long userId, int minutes, Object[] counts, List<Object[]> breakdown,
                                                 RaterStanding standing) {
        long inFrame = ((Number) counts[0]).longValue();
        long threeHours = ((Number) counts[1]).longValue();
        long total = ((Number) counts[6]).longValue();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("user_id", userId);
        view.put("ratings_in_timeframe", inFrame);
        view.put("ratings_per_minute_in_timeframe", inFrame / (double) minutes);
        view.put("ratings_past_three_hours", threeHours);
        view.put("ratings_per_minute_for_past_three_hours", threeHours / 180.0);
        view.put("suspect_divergences", ((Number) counts[2]).longValue());
        view.put("captchas_failed", standing == null ? 0 : standing.controlFailed - standing.controlPassed);
        Map<String, Object> histogram = new LinkedHashMap<>();
        for (int value = 1; value <= 10; value++) {
            long n = 0;
            for (Object[] row : breakdown) {
                if (((Number) row[0]).intValue() == value) {
                    n = ((Number) row[1]).longValue();
                }
            }
            histogram.put(String.valueOf(value), Map.of("count", n,
                    "percentage", total == 0 ? 0.0 : Math.round(n * 1000.0 / total) / 10.0));
        }
        view.put("ratings_breakdown", histogram);
        view.put("validated", standing != null && "validated".equals(standing.verdict));
        view.putAll(standingView(standing));
        view.put("decisions", Map.of("accepted", ((Number) counts[3]).longValue(),
                "held", ((Number) counts[4]).longValue(), "excluded", ((Number) counts[5]).longValue()));
        return view;
    }

    static Map<String, Object> standingView(RaterStanding standing) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", standing == null ? "evaluating" : standing.status);
        view.put("verdict", standing == null ? null : standing.verdict);
        view.put("verdict_by", standing == null ? null : standing.verdictBy);
        view.put("reliability", standing == null ? null : standing.reliability);
        view.put("reason", standing == null ? "no evidence yet" : standing.reason);
        view.put("control_passed", standing == null ? 0 : standing.controlPassed);
        view.put("control_failed", standing == null ? 0 : standing.controlFailed);
        view.put("divergence", standing == null ? null : standing.divergence);
        view.put("too_fast", standing == null ? 0 : standing.tooFast);
        view.put("copied_average", standing == null ? 0 : standing.copiedAverage);
        view.put("reviewed_at", standing == null ? null : standing.reviewedAt.toString());
        return view;
    }

    /** {@code GET /user/validate/{id}}: the rater's standing and their ratings next to the images' averages. */
    public Uni<Map<String, Object>> validation(long userId, RatingFilter filter) {
        return Panache.withSession(() -> RaterStanding.<RaterStanding>findById(userId))
                .flatMap(standing -> ratings(userId, filter).map(ratings -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("user_id", userId);
                    view.putAll(standingView(standing));
                    view.put("ratings", ratings);
                    return view;
                }));
    }

    /**
     * A moderator's verdict: {@code validated} (every rating of the rater accepted and paid), {@code flagged}
     * (every rating shadow-excluded) or {@code none} (the review decides again). The ratings follow at the next
     * review, which runs now when no other replica is running one.
     */
    public Uni<Map<String, Object>> judge(long userId, String verdict, String moderator) {
        if (verdict == null || !List.of("validated", "flagged", "none").contains(verdict)) {
            throw new HordeException(Rc.BadRequest, "verdict must be validated, flagged or none.");
        }
        String stored = verdict.equals("none") ? null : verdict;
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into raters (user_id, verdict, verdict_by) values (:user, nullif(:verdict, ''), :by)"
                                + " on conflict (user_id) do update set verdict = excluded.verdict,"
                                + " verdict_by = excluded.verdict_by")
                .setParameter("user", userId).setParameter("verdict", stored == null ? "" : stored)
                .setParameter("by", moderator == null ? "" : moderator)
                .executeUpdate()))
                .call(review::reviewOnce)
                .flatMap(ignored -> Panache.withSession(() -> RaterStanding.<RaterStanding>findById(userId)))
                .map(standing -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("user_id", userId);
                    view.putAll(standingView(standing));
                    return view;
                });
    }
}
