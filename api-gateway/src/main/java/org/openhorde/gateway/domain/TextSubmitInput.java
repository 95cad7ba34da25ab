package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a text worker's {@code POST /generate/text/submit} (the AI Horde's {@code SubmitInputKobold}):
 * {@code generation} is the text itself; {@code seed} defaults to 0. {@code gen_metadata} is judged by
 * {@link GenMetadataRules} and kept with the generation.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A text worker's result for one job.")
public record TextSubmitInput(
        @Schema(description = "The job's id, as given by the pop. Required.")
        String id,
        @Schema(description = "The generated text.")
        String generation,
        @Schema(description = "How the job ended: ok, censored, faulted (no text) or csam (the text is discarded).",
                defaultValue = "ok", enumeration = {"ok", "censored", "faulted", "csam"})
        String state,
        @Schema(description = "The seed used, an integer (as a number or its text).", defaultValue = "0")
        String seed,
        @Schema(description = "Notes on the generation: at most 50 objects {type, value, ref}, type censorship, "
                + "value csam, ref at most 255 characters; kept with the text.", maxItems = 50)
        List<Object> genMetadata) {
}
