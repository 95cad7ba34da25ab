package org.openhorde.gateway.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.SharedKeyDetails;

/**
 * Whether a request may be made with a shared key (the AI Horde's {@code UserSharedKey.is_valid},
 * {@code is_job_within_limits} and its {@code SharedKeyInsufficientKudos} check), and a style's key (the AI Horde's
 * {@code validate} of {@code apis/v2/styles.py}, {@code apply_style}, {@code is_adhoc}; decision 0044): pure rules,
 * no I/O.
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

    /** The AI Horde's refusal of a style's {@code sharedkey} that names no key: 400 {@code SharedKeyInvalid}. */
    public static HordeException invalidForStyle() {
        return new HordeException(Rc.SharedKeyInvalid, "This shared key does not exist");
    }

    /**
     * A style's {@code sharedkey} as sent: absent or {@code ""} changes nothing (the AI Horde's {@code if
     * args.sharedkey}); anything but a UUID names no key.
     */
    public static Optional<UUID> styleKeyId(String sharedkey) {
        if (sharedkey == null || sharedkey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Uuids.parse(sharedkey.strip()).orElseThrow(SharedKeyUse::invalidForStyle));
    }

    /**
     * Whether {@code key} may be assigned to a style of {@code owner}'s: it must be theirs (the AI Horde takes anybody's
     * key it is given, which would let a stranger spend someone else's key through a style of their own; we answer
     * 403 {@code Forbidden} with the message its shared key routes use), and usable now, else 400 with the key's own
     * rc ({@code SharedKeyEmpty}, {@code SharedKeyExpired}), as the AI Horde's {@code BadRequest} there.
     */
    public static void requireAssignable(SharedKeyDetails key, long ownerId, String ownerAlias, Instant now) {
        if (key.ownerUserId() != ownerId) {
            throw new HordeException(Rc.Forbidden, "Shared Key " + key.id() + " belongs to " + key.ownerAlias()
                    + " and not to " + ownerAlias + ".");
        }
        HordeException unusable = unusable(key, now);
        if (unusable != null) {
            throw new HordeException(400, new HordeError(unusable.error().message(), unusable.error().rc(), null));
        }
    }

    /**
     * Whether a style's key pays for a request using the style (the AI Horde's {@code apply_style}): only while it is
     * usable; an empty or expired key, or one no longer its owner's, leaves the requester to pay as usual.
     */
    public static boolean paysForStyle(SharedKeyDetails key, long styleOwnerId, Instant now) {
        return key != null && key.ownerUserId() == styleOwnerId && unusable(key, now) == null;
    }

    /** A key assigned to styles is not an apikey any more (the AI Horde's {@code is_adhoc}): 403. */
    public static HordeException assignedToStyles() {
        return new HordeException(Rc.SharedKeyAssignedStyles,
                "This shared key cannot be used as it has been assigned to specific styles only");
    }
}
