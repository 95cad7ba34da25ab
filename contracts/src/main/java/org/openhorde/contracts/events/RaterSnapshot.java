package org.openhorde.contracts.events;

/**
 * Who rated, as they stood at the moment of the rating: what researchers filter spammy raters by after the fact
 * (the AI Horde's ratings export carries the same signals). Never updated once written.
 *
 * @param kudos                      the rater's balance in centikudos; -5000 (-50 kudos) for anonymous, as there
 * @param accountAgeSeconds          seconds since the account was created (0 for anonymous)
 * @param imagesGenerated            images the rater had requested and received
 * @param ratingsGiven               ratings the rater had given before this one
 * @param trusted                    whether the horde trusted the rater
 * @param clientAgent                the {@code Client-Agent} header ("unknown:0:unknown" when missing)
 * @param secondsSincePreviousRating null for a first rating
 * @param controlImagesFailed        failed minus passed control (known-answer) images; 0 until control images exist
 */
public record RaterSnapshot(
        long kudos,
        long accountAgeSeconds,
        long imagesGenerated,
        long ratingsGiven,
        boolean trusted,
        String clientAgent,
        Long secondsSincePreviousRating,
        int controlImagesFailed) {
}
