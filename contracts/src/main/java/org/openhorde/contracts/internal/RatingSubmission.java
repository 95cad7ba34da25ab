package org.openhorde.contracts.internal;

/**
 * Gateway → rating-service: one rating of one image, with the rater as the gateway verified them. The gateway
 * knows the account (its key cache); rating-service adds what only it knows (ratings given, previous rating).
 *
 * @param rating     1–10 (validated by rating-service)
 * @param artifacts  0–5 or null
 * @param rater      the rater's account, or null for anonymous
 * @param clientAgent the {@code Client-Agent} header, or null
 */
public record RatingSubmission(Integer rating, Integer artifacts, UserAccount rater, String clientAgent) {
}
