package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /interrogate/submit}: the form id, its result map and {@code ok} or {@code faulted}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An interrogation worker's result for one form.")
public record InterrogationSubmitInput(
        @Schema(description = "The form's id, as given by the pop. Required.")
        String id,
        @Schema(description = "The form's result, keyed by the form's name (e.g. {\"caption\": \"a cat\"}); "
                + "required when state is ok.")
        Map<String, Object> result,
        @Schema(description = "How the form ended.", defaultValue = "ok", enumeration = {"ok", "faulted"})
        String state) {
}
