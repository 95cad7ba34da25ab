package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.SharedKeyDetails;
import org.openhorde.contracts.internal.SharedKeyInput;

/** The AI Horde's {@code SharedKeyDetails} and {@code SharedKeyInput}, as sent and answered on {@code /sharedkeys}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SharedKeyView(String id, String username, String name, long kudos, Instant expiry, long utilized,
                            int maxImagePixels, int maxImageSteps, int maxTextTokens) {

    /** Whole kudos on the wire, as the AI Horde's integer columns; -1 stays unlimited. */
    public static SharedKeyView of(SharedKeyDetails key) {
        return of(key, true);
    }

    /** {@code withId} false leaves the id out (a style's key shown to someone else than its owner, decision 0044). */
    public static SharedKeyView of(SharedKeyDetails key, boolean withId) {
        return new SharedKeyView(withId ? key.id().toString() : null, key.ownerAlias(), key.name(),
                key.kudos() == -1 ? -1 : Math.round(key.kudos() / 100.0), key.expiry(),
                Math.round(key.utilized() / 100.0), key.maxImagePixels(), key.maxImageSteps(), key.maxTextTokens());
    }

    /** What a client sends; every field optional (creation applies the AI Horde's defaults in kudos-service). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(Long kudos, Integer expiry, String name, Integer maxImagePixels, Integer maxImageSteps,
                        Integer maxTextTokens) {

        public SharedKeyInput toInput(long actorUserId) {
            return new SharedKeyInput(actorUserId, kudos, expiry, name, maxImagePixels, maxImageSteps,
                    maxTextTokens);
        }

        /** An absent body creates a key with every default; it changes nothing. */
        public static Input orEmpty(Input input) {
            return input == null ? new Input(null, null, null, null, null, null) : input;
        }
    }

    /** 400 for ranges the AI Horde's model rejects, before any service is asked. */
    public static void check(Input input) {
        PayloadErrors errors = new PayloadErrors();
        if (input.kudos() != null && (input.kudos() < -1 || input.kudos() > 50_000_000)) {
            errors.add("kudos", input.kudos() + " is not within -1 and 50000000");
        }
        if (input.expiry() != null && (input.expiry() < -1 || input.expiry() == 0 || input.expiry() > 3650)) {
            errors.add("expiry", input.expiry() + " is not -1 or within 1 and 3650");
        }
        if (input.name() != null && (input.name().strip().length() < 3 || input.name().length() > 255)) {
            errors.add("name", "must be 3 to 255 characters long");
        }
        limit(errors, "max_image_pixels", input.maxImagePixels(), 4_194_304);
        limit(errors, "max_image_steps", input.maxImageSteps(), 500);
        limit(errors, "max_text_tokens", input.maxTextTokens(), 500);
        errors.throwIfAny();
    }

    private static void limit(PayloadErrors errors, String field, Integer value, int max) {
        if (value != null && (value < -1 || value > max)) {
            errors.add(field, value + " is not within -1 and " + max);
        }
    }

    /** A malformed id names no key: the AI Horde's 401 for an unknown shared key. */
    public static UUID keyId(String id) {
        return Uuids.parse(id).orElseThrow(() -> new HordeException(Rc.InvalidAPIKey,
                "No user matching sent Shared Key."));
    }
}
