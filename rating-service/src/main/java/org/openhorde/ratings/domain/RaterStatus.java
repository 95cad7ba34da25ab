package org.openhorde.ratings.domain;

/**
 * A registered rater's standing for ratings: what the integrity review concluded, unless a moderator's verdict
 * overrides it. It decides every rating of the rater, past and future.
 */
public enum RaterStatus {
    /** Not enough evidence yet: ratings are held (not paid, averaged or exported until the rater is judged). */
    EVALUATING,
    /** Judged honest: ratings accepted. */
    RELIABLE,
    /** Judged scripted or careless: ratings shadow-excluded, past and future. */
    UNRELIABLE;

    public String wire() {
        return name().toLowerCase();
    }

    public static RaterStatus fromWire(String text) {
        return text == null ? EVALUATING : valueOf(text.toUpperCase());
    }

    /** What the rater's (non-duplicate) ratings are decided as, given a moderator's verdict (null, validated, flagged). */
    public static RatingDecision.Verdict verdictFor(RaterStatus status, String moderatorVerdict, boolean trusted) {
        if ("flagged".equals(moderatorVerdict)) {
            return RatingDecision.Verdict.EXCLUDED;
        }
        if ("validated".equals(moderatorVerdict)) {
            return RatingDecision.Verdict.ACCEPTED;
        }
        return switch (status) {
            case RELIABLE -> RatingDecision.Verdict.ACCEPTED;
            case UNRELIABLE -> RatingDecision.Verdict.EXCLUDED;
            // A user the horde trusts (long generation work for others) is accepted while evaluated, and can still
            // be excluded retroactively.
            case EVALUATING -> trusted ? RatingDecision.Verdict.ACCEPTED : RatingDecision.Verdict.HELD;
        };
    }
}
