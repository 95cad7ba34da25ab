package org.openhorde.ratings.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * A requester's ratings of their own request's images ({@code POST /api/v2/generate/rate/{id}}): the AI Horde's
 * checks in its order, its choice of the best image, its kudos (5 per rating, +5 with artifacts, 15 for a best-of
 * pick no rating decides) and its cap (never more than the request cost, minus one kudo). Where the AI Horde's code
 * slips, this follows its intent (decision 0032): tied top ratings are ties, and the cap never goes below zero.
 */
public final class RequestRatingRules {

    /** One image's rating as sent: {@code id} as the client spelled it. */
    public record ImageScore(String id, Integer rating, Integer artifacts) {
    }

    /**
     * What the ratings earn, after the cap: {@code rewards.get(i)} is the centikudos paid for {@code ratings.get(i)};
     * {@code bestReward} is paid for the best-of pick itself (0 when a rating decided the best).
     */
    public record Outcome(List<ImageScore> ratings, List<Long> rewards, String best, long bestReward) {
        public long total() {
            return rewards.stream().mapToLong(Long::longValue).sum() + bestReward;
        }
    }

    /** The kudos knobs, in centikudos. */
    public record Rewards(long perRating, long artifactsBonus, long bestOf) {
    }

    /** One kudo in centikudos: the cap is "what the request cost minus 1" in the AI Horde's kudos. */
    static final long ONE_KUDO = 100;

    private RequestRatingRules() {
    }

    /**
     * @param setIds  the request's rateable images (delivered, shared, taken in), lower-case canonical UUIDs
     * @param ratings the ratings sent, or null/empty
     * @param best    the best-of pick sent, or null
     * @param cost    centikudos the request cost its requester
     * @throws HordeException with the AI Horde's rc for every refusal
     */
    public static Outcome decide(List<String> setIds, List<ImageScore> ratings, String best, Rewards rewards,
                                 long cost) {
        List<ImageScore> given = ratings == null ? List.of() : ratings;
        Set<String> seen = new HashSet<>();
        List<ImageScore> normalised = new ArrayList<>();
        for (ImageScore score : given) {
            if (score == null || score.id() == null) {
                throw new HordeException(Rc.BadRequest, "Every rating needs the id of the image it rates.");
            }
            String id = score.id().strip().toLowerCase(Locale.ROOT);
            if (!setIds.contains(id)) {
                throw procGenNotFound(score.id());
            }
            if (!seen.add(id)) {
                throw new HordeException(Rc.AestheticsDuplicate,
                        "Duplicate image ID found in your ratings. You should be ashamed!");
            }
            RatingRules.validate(score.rating(), score.artifacts());
            normalised.add(new ImageScore(id, score.rating(), score.artifacts()));
        }
        String pick = best == null || best.isBlank() ? null : best.strip().toLowerCase(Locale.ROOT);
        if (pick != null && !setIds.contains(pick)) {
            throw procGenNotFound(best);
        }
        if (normalised.isEmpty() && pick == null) {
            throw new HordeException(Rc.AestheticsMissing,
                    "You need to either point to the best image, or provide aesthetic ratings.");
        }
        if (normalised.isEmpty() && setIds.size() <= 1) {
            throw new HordeException(Rc.AestheticsSolo,
                    "Well done! You have pointed to a single image generation as being the best one of the set. "
                            + "Unfortunately that doesn't help anyone. no kudos for you!");
        }

        List<Long> earned = new ArrayList<>();
        for (ImageScore score : normalised) {
            earned.add(rewards.perRating() + (score.artifacts() != null ? rewards.artifactsBonus() : 0));
        }
        String chosen = null;
        long bestEarned = 0;
        if (normalised.isEmpty()) {
            chosen = pick;
            bestEarned = rewards.bestOf();
        } else if (normalised.size() == 1 && setIds.size() > 1) {
            ImageScore only = normalised.get(0);
            if (only.rating() >= 7) {
                // One image rated 7 or more is taken as the best, unless the requester picked another.
                if (pick == null || pick.equals(only.id())) {
                    chosen = only.id();
                }
            } else if (pick != null) {
                chosen = pick;
                bestEarned = rewards.bestOf();
            }
        } else if (normalised.size() > 1) {
            int top = normalised.stream().mapToInt(ImageScore::rating).max().orElseThrow();
            List<String> topRated = normalised.stream().filter(s -> s.rating() == top).map(ImageScore::id).toList();
            if (topRated.size() == 1) {
                chosen = topRated.get(0);
            } else if (pick != null) {
                if (!topRated.contains(pick)) {
                    throw new HordeException(Rc.AestheticsConfused, "What are you even doing? How could the best "
                            + "image you selected not be one of those with the highest aesthetic rating?");
                }
                chosen = pick;
            }
        }
        return capped(normalised, earned, chosen, bestEarned, cost);
    }

    /** Never more than the request cost minus one kudo (and never less than nothing): paid in the order given. */
    private static Outcome capped(List<ImageScore> ratings, List<Long> earned, String best, long bestEarned,
                                  long cost) {
        long remaining = Math.max(0, cost - ONE_KUDO);
        List<Long> paid = new ArrayList<>();
        for (long amount : earned) {
            long share = Math.min(amount, remaining);
            paid.add(share);
            remaining -= share;
        }
        return new Outcome(List.copyOf(ratings), List.copyOf(paid), best, Math.min(bestEarned, remaining));
    }

    private static HordeException procGenNotFound(String id) {
        return new HordeException(Rc.ProcGenNotFound, "Image with ID '" + id + "' not found in this request.");
    }
}
