package org.openhorde.gateway.domain;

import java.time.Instant;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.SharedKeyDetails;

/**
 * Whether a request may be made with a shared key (the AI Horde's {@code UserSharedKey.is_valid},
 * {@code is_job_within_limits} and its {@code SharedKeyInsufficientKudos} check): pure rules, no I/O.
 */
public final class SharedKeyUse {

    private SharedKeyUse() {
    }

    /** The key has run out ({@code SharedKeyEmpty}) or expired ({@code SharedKeyExpired}): 403. */
    public static HordeException unusable(SharedKeyDetails key, Instant now) {
        if (key.empty()) {
            return new HordeException(Rc.SharedKeyEmpty, "This shared key has run out of kudos.");
        }
        if (key.expiredAt(now)) {
            return new HordeException(Rc.SharedKeyExpired, "This shared key has expired");
        }
        return null;
    }

    /** 400 when an image job exceeds the key's pixels or steps, with the AI Horde's message. */
    public static void requireWithinImageLimits(SharedKeyDetails key, long pixels, int steps) {
        if (key.maxImagePixels() > -1 && pixels > key.maxImagePixels()) {
            throw new HordeException(Rc.BadRequest, "This shared key is limited to " + key.maxImagePixels()
                    + " pixels per job. You requested " + pixels + " pixels.");
        }
        if (key.maxImageSteps() > -1 && steps > key.maxImageSteps()) {
            throw new HordeException(Rc.BadRequest, "This shared key is limited to " + key.maxImageSteps()
                    + " steps per job. You requested " + steps + " steps.");
        }
    }

    /** 400 when a text job asks for more tokens than the key allows. */
    public static void requireWithinTextLimits(SharedKeyDetails key, int tokens) {
        if (key.maxTextTokens() > -1 && tokens > key.maxTextTokens()) {
            throw new HordeException(Rc.BadRequest, "This shared key is limited to " + key.maxTextTokens()
                    + " tokens per job. You requested " + tokens + " tokens.");
        }
    }

    /** Whether the key's budget covers what the request is estimated to cost (centikudos); -1 covers anything. */
    public static boolean covers(SharedKeyDetails key, long cost) {
        return key.kudos() == -1 || cost <= key.kudos();
    }

    public static HordeException insufficient(SharedKeyDetails key, long cost) {
        return new HordeException(Rc.SharedKeyInsufficientKudos, "This shared key does not have enough remaining"
                + " kudos (" + Centikudos.toWireKudos(key.kudos()) + ") to fulfill this request ("
                + Centikudos.toWireKudos(cost) + ").");
    }
}
