package org.openhorde.ratings.domain;

/**
 * What the horde decided about one rating, and why. Every rating row carries one: {@code accepted} ratings are paid
 * and exported; {@code held} ones wait for a moderator; {@code excluded} ones are kept (the rater sees nothing) but
 * neither paid, averaged nor exported.
 */
public record RatingDecision(Verdict verdict, String reason) {

    public enum Verdict {
        ACCEPTED, HELD, EXCLUDED;

        /** The wire and column spelling. */
        public String wire() {
            return name().toLowerCase();
        }
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    /**
     * The decision for a valid rating. Until the integrity rules (control images, velocity, divergence) land, only a
     * registered rater's second rating of the same image is excluded, so that re-rating one image cannot farm kudos.
     */
    public static RatingDecision of(boolean registeredRater, boolean ratedThisImageBefore) {
        if (registeredRater && ratedThisImageBefore) {
            return new RatingDecision(Verdict.EXCLUDED, "the rater already rated this image");
        }
        return new RatingDecision(Verdict.ACCEPTED, "valid rating (integrity checks not yet in force)");
    }
}
