package org.openhorde.ratings.domain;

/**
 * What the horde decided about one rating, and why. Every rating row carries one: {@code accepted} ratings are paid
 * and exported; {@code held} ones wait until their rater is judged (decision 0034: accepted and paid then, or
 * excluded); {@code excluded} ones are kept (the rater sees nothing) but neither paid, averaged nor exported.
 */
public record RatingDecision(Verdict verdict, String reason) {

    public enum Verdict {
        ACCEPTED, HELD, EXCLUDED;

        /** The wire and column spelling. */
        public String wire() {
            return name().toLowerCase();
        }
    }

    /** What a rating is worth when it is accepted (the reward table's input for {@code reward_due}). */
    public static final RatingDecision ACCEPTED_FOR_REWARD = new RatingDecision(Verdict.ACCEPTED, "reward table");

    public static final String DUPLICATE = "the rater already rated this image";
    public static final String SHADOW_EXCLUDED = "shadow-excluded: ";

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    /**
     * The decision for a valid rating at the time it is given: a registered rater's second rating of the same
     * image is excluded (re-rating cannot farm kudos); anonymous ratings are accepted (nothing accumulates about an
     * anonymous crowd; the export marks them with kudos -50); a registered rater's follows their standing.
     */
    public static RatingDecision of(boolean registeredRater, boolean ratedThisImageBefore, RaterStatus status,
                                    String moderatorVerdict, boolean trusted, String standingReason) {
        if (registeredRater && ratedThisImageBefore) {
            return new RatingDecision(Verdict.EXCLUDED, DUPLICATE);
        }
        if (!registeredRater) {
            return new RatingDecision(Verdict.ACCEPTED, "anonymous rater (not evaluated; marked by kudos -50)");
        }
        Verdict verdict = RaterStatus.verdictFor(status, moderatorVerdict, trusted);
        return new RatingDecision(verdict, reason(verdict, status, moderatorVerdict, trusted, standingReason));
    }

    /** Why a registered rater's (non-duplicate) rating has the verdict its rater's standing gives. */
    public static String reason(Verdict verdict, RaterStatus status, String moderatorVerdict, boolean trusted,
                                String standingReason) {
        String why;
        if ("flagged".equals(moderatorVerdict)) {
            why = SHADOW_EXCLUDED + "flagged by a moderator";
        } else if ("validated".equals(moderatorVerdict)) {
            why = "rater validated by a moderator";
        } else if (verdict == Verdict.EXCLUDED) {
            why = SHADOW_EXCLUDED + standingReason;
        } else if (status == RaterStatus.EVALUATING && trusted) {
            why = "trusted user, accepted while under evaluation: " + standingReason;
        } else if (status == RaterStatus.EVALUATING) {
            why = "held: " + standingReason;
        } else {
            why = standingReason;
        }
        return why.length() > 300 ? why.substring(0, 300) : why;
    }
}
