package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A textual inversion as the AI Horde's wire shows it, in a request's params and in a worker's pop payload. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A textual inversion to apply to the image.")
public record TextualInversion(
        @Schema(description = "The textual inversion's name or CivitAI id; 1 to 255 characters. Required.",
                minLength = 1, maxLength = 255)
        String name,
        @Schema(description = "Where to inject it: prompt or negprompt; omitted, the prompt must name it itself.",
                enumeration = {"prompt", "negprompt"})
        String injectTi,
        @Schema(description = "The strength of the injected textual inversion.", minimum = "-5", maximum = "5",
                defaultValue = "1.0")
        BigDecimal strength) {
}
