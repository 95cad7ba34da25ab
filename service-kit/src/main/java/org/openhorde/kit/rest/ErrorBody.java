package org.openhorde.kit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.openhorde.contracts.HordeError;

/**
 * A {@link HordeError} as the AI Horde writes it: {@code {"message", "rc"}}, plus {@code errors} only when there are
 * field errors (the AI Horde never sends {@code "errors": null}). Every error answer of every service has this shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, String rc, Map<String, String> errors) {

    public static ErrorBody of(HordeError error) {
        return new ErrorBody(error.message(), error.rc(), error.errors());
    }
}
