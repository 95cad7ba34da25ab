package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.openhorde.contracts.HordeError;

/** A {@link HordeError} as the AI Horde writes it: {@code errors} only when there are field errors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, String rc, Map<String, String> errors) {

    static ErrorBody of(HordeError error) {
        return new ErrorBody(error.message(), error.rc(), error.errors());
    }
}
