package org.openhorde.contracts.internal;

import java.util.List;

/**
 * Gateway → rating-service: a requester's aesthetic ratings of their own finished request's images (the AI Horde's
 * {@code POST /api/v2/generate/rate/{id}} payload), with the caller as the gateway verified them.
 *
 * @param best        the id of the best image of the set, or null
 * @param ratings     the images' ratings, or null
 * @param caller      the caller's account when a key was sent, or null (the AI Horde needs no key on this route)
 * @param clientAgent the {@code Client-Agent} header, or null
 */
public record RequestRatingSubmission(String best, List<ImageScore> ratings, UserAccount caller, String clientAgent) {

    /** One image's rating: {@code rating} 1–10, {@code artifacts} 0–5 or null (validated by rating-service). */
    public record ImageScore(String id, Integer rating, Integer artifacts) {
    }
}
