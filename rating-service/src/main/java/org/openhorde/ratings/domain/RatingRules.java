package org.openhorde.ratings.domain;

import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/** The only ratings refused outright are malformed ones: a rating outside 1–10 or artifacts outside 0–5. */
public final class RatingRules {

    public static final int MIN_RATING = 1;
    public static final int MAX_RATING = 10;
    public static final int MIN_ARTIFACTS = 0;
    public static final int MAX_ARTIFACTS = 5;

    private RatingRules() {
    }

    public static void validate(Integer rating, Integer artifacts) {
        if (rating == null) {
            throw new HordeException(Rc.BadRequest, "rating is required (1 to 10).");
        }
        if (rating < MIN_RATING || rating > MAX_RATING) {
            throw new HordeException(Rc.BadRequest, "rating must be between 1 and 10, not " + rating + ".");
        }
        if (artifacts != null && (artifacts < MIN_ARTIFACTS || artifacts > MAX_ARTIFACTS)) {
            throw new HordeException(Rc.BadRequest, "artifacts must be between 0 and 5, not " + artifacts + ".");
        }
    }
}
