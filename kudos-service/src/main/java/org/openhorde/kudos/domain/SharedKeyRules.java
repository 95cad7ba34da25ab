package org.openhorde.kudos.domain;

import java.util.ArrayList;
import java.util.List;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.SharedKeyInput;

/**
 * The AI Horde's shared key rules ({@code UserSharedKey}, {@code PUT /sharedkeys}): the ranges of each field, how
 * many keys a user may hold, and how a job's cost is taken from a key's budget.
 */
public final class SharedKeyRules {

    /** Kudos budget: -1 (unlimited) to 50 000 000 whole kudos; 5000 when not given. */
    public static final long MAX_KUDOS = 50_000_000;
    public static final long DEFAULT_KUDOS = 5000;
    public static final int MIN_NAME = 3;
    public static final int MAX_NAME = 255;
    public static final int MAX_IMAGE_PIXELS = 4_194_304;
    public static final int MAX_IMAGE_STEPS = 500;
    public static final int MAX_TEXT_TOKENS = 500;
    /** An expiry of at most 10 years in days: anything longer is "never" in practice, and overflows nothing. */
    public static final int MAX_EXPIRY_DAYS = 3650;

    private SharedKeyRules() {
    }

    /** How many keys a user may hold: trusted 10, education accounts 1000, everybody else 3. */
    public static int maxKeys(boolean trusted, boolean education) {
        if (trusted) {
            return 10;
        }
        return education ? 1000 : 3;
    }

    /** 400 naming every field out of range. */
    public static void check(SharedKeyInput input) {
        List<String> problems = new ArrayList<>();
        if (input.kudos() != null && (input.kudos() < -1 || input.kudos() > MAX_KUDOS)) {
            problems.add("kudos must be -1 (unlimited) to " + MAX_KUDOS);
        }
        if (input.expiryDays() != null && (input.expiryDays() < -1 || input.expiryDays() == 0
                || input.expiryDays() > MAX_EXPIRY_DAYS)) {
            problems.add("expiry must be -1 (never) or 1 to " + MAX_EXPIRY_DAYS + " days");
        }
        if (input.name() != null && (input.name().strip().length() < MIN_NAME
                || input.name().length() > MAX_NAME)) {
            problems.add("name must be " + MIN_NAME + " to " + MAX_NAME + " characters");
        }
        limit(problems, "max_image_pixels", input.maxImagePixels(), MAX_IMAGE_PIXELS);
        limit(problems, "max_image_steps", input.maxImageSteps(), MAX_IMAGE_STEPS);
        limit(problems, "max_text_tokens", input.maxTextTokens(), MAX_TEXT_TOKENS);
        if (!problems.isEmpty()) {
            throw new HordeException(Rc.BadRequest, String.join("; ", problems));
        }
    }

    private static void limit(List<String> problems, String field, Integer value, int max) {
        if (value != null && (value < -1 || value > max)) {
            problems.add(field + " must be -1 (no limit) to " + max);
        }
    }

    /**
     * The key's budget after a job costing {@code cost} centikudos: -1 stays -1, an empty key stays empty (the
     * AI Horde then counts nothing, not even {@code utilized}), otherwise it shrinks, never below 0.
     */
    public static long remainingAfter(long remaining, long cost) {
        if (remaining == -1) {
            return -1;
        }
        return Math.max(0, remaining - cost);
    }

    /** What the job adds to {@code utilized}: its cost, unless the key was already empty. */
    public static long utilizedBy(long remaining, long cost) {
        return remaining == 0 ? 0 : cost;
    }
}
