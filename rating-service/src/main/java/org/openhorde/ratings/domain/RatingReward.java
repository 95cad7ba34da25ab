package org.openhorde.ratings.domain;

/**
 * The kudos one rating earns, in one place (the AI Horde's docstring and code drifted apart; this table has a
 * test): a fixed amount per accepted rating, the same again when it scores artifacts; nothing for anonymous raters
 * (the AI Horde cannot award Anonymous) and nothing for a rating that is not accepted.
 */
public final class RatingReward {

    private RatingReward() {
    }

    /**
     * @param perRating      centikudos per accepted rating (AI Horde: 5 kudos)
     * @param artifactsBonus centikudos more when the rating scores artifacts (AI Horde: 5 kudos)
     * @return centikudos
     */
    public static long of(RatingDecision decision, boolean registeredRater, boolean withArtifacts, long perRating,
                          long artifactsBonus) {
        if (!decision.accepted() || !registeredRater) {
            return 0;
        }
        return perRating + (withArtifacts ? artifactsBonus : 0);
    }
}
