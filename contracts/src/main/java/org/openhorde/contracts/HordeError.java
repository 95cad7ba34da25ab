package org.openhorde.contracts;

import java.util.Map;

/**
 * The AI Horde error body: {@code {"message": ..., "rc": ...}}. Validation failures also name the offending fields in
 * {@code errors} (field path to message), as the AI Horde's schema validation does.
 */
public record HordeError(String message, String rc, Map<String, String> errors) {

    public HordeError(String message, Rc rc) {
        this(message, rc.wire(), null);
    }

    public static HordeError validation(Map<String, String> errors) {
        return new HordeError("Input payload validation failed", Rc.BadRequest.name(), errors);
    }
}
