package org.openhorde.kit.rest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * Length limits on the identifiers the services take (names, aliases, ids, model names), checked before any SQL:
 * PostgreSQL indexes cannot hold a value much beyond 2,700 bytes, so an unchecked 10,000-character alias fails deep
 * inside an insert instead of being a 400. Plain Java, so {@code domain/} rules may use it.
 *
 * <p>The public limits are the AI Horde's where its reference gives them (worker names: 100 characters,
 * {@code TooLongWorkerName}); the others are generous bounds no legitimate client reaches.
 */
public final class InputLimits {

    /** AI Horde worker names ({@code TooLongWorkerName} beyond it). */
    public static final int WORKER_NAME = 100;
    /** Usernames as registered, and the {@code username#id} alias built from one. */
    public static final int USERNAME = 100;
    public static final int USER_ALIAS = USERNAME + 21;
    /** Request, job, worker and image ids (UUIDs are 36; a little slack for other spellings). */
    public static final int ID = 64;
    /** Model names (the reference's model lists hold none longer). */
    public static final int MODEL_NAME = 255;
    /** Any other identifier-like value: a query or path value, a bridge agent, a filter word. */
    public static final int TOKEN = 1000;

    private InputLimits() {
    }

    /** Throws a 400 {@code BadRequest} naming {@code field} when {@code value} is longer than {@code max}. */
    public static String requireAtMost(String field, String value, int max) {
        Map<String, String> errors = new LinkedHashMap<>();
        atMost(errors, field, value, max);
        if (!errors.isEmpty()) {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(errors));
        }
        return value;
    }

    /** Records a field error in {@code errors} when {@code value} is longer than {@code max}; null passes. */
    public static void atMost(Map<String, String> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.put(field, "is longer than " + max + " characters");
        }
    }

    /** Like {@link #atMost} for every element of a list; names the first offending element. */
    public static void eachAtMost(Map<String, String> errors, String field, Collection<String> values, int max) {
        if (values == null) {
            return;
        }
        int index = 0;
        for (String value : values) {
            if (value != null && value.length() > max) {
                errors.put(field + "." + index, "is longer than " + max + " characters");
                return;
            }
            index++;
        }
    }
}
