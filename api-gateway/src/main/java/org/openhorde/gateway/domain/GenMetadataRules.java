package org.openhorde.gateway.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.GenerationMetadata;

/**
 * A text worker's {@code gen_metadata} on submit, judged as the AI Horde's schema judges {@code
 * GenerationMetadataKobold}: a list of objects {@code {type, value, ref?}} where {@code type} is one of {@code
 * censorship}, {@code value} one of {@code csam} and {@code ref} at most 255 characters; more than 50 entries is a
 * 400 ("Too many metadata fields. Max is 50."). A {@code csam} submit without its entry gets one, as the AI Horde
 * adds it, so that the status tells the requester why the text is withheld.
 */
public final class GenMetadataRules {

    static final int MAX_ENTRIES = 50;
    static final int MAX_REF_LENGTH = 255;
    static final Set<String> TEXT_TYPES = Set.of("censorship");
    static final Set<String> TEXT_VALUES = Set.of("csam");
    static final GenerationMetadata CSAM = new GenerationMetadata("censorship", "csam", null);

    private GenMetadataRules() {
    }

    /**
     * @param given the body's {@code gen_metadata} as JSON read it ({@code null} when absent)
     * @param state the submit's state, already judged
     * @return the entries to keep, in the order sent
     */
    public static List<GenerationMetadata> text(List<Object> given, String state) {
        List<GenerationMetadata> kept = new ArrayList<>();
        if (given != null) {
            if (given.size() > MAX_ENTRIES) {
                throw new HordeException(Rc.BadRequest, "Too many metadata fields. Max is " + MAX_ENTRIES + ".");
            }
            PayloadErrors errors = new PayloadErrors();
            for (int i = 0; i < given.size(); i++) {
                String path = "gen_metadata." + i;
                if (!(given.get(i) instanceof Map<?, ?> entry)) {
                    errors.add(path, given.get(i) + " is not of type 'object'");
                    continue;
                }
                String type = string(errors, path + ".type", entry.get("type"), true);
                String value = string(errors, path + ".value", entry.get("value"), true);
                String ref = string(errors, path + ".ref", entry.get("ref"), false);
                errors.oneOf(path + ".type", type, TEXT_TYPES, null);
                errors.oneOf(path + ".value", value, TEXT_VALUES, null);
                errors.length(path + ".ref", ref, 0, MAX_REF_LENGTH);
                kept.add(new GenerationMetadata(type, value, ref));
            }
            errors.throwIfAny();
        }
        if ("csam".equals(state) && kept.stream().noneMatch(m -> CSAM.type().equals(m.type()) && CSAM.value().equals(m.value()))) {
            kept.add(CSAM);
        }
        return List.copyOf(kept);
    }

    private static String string(PayloadErrors errors, String path, Object value, boolean required) {
        if (value == null) {
            if (required) {
                errors.required(path);
            }
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(path, value + " is not of type 'string'");
            return null;
        }
        return text;
    }
}
