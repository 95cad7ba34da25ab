package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of an image worker's {@code POST /generate/submit} (the AI Horde's {@code SubmitInputStable}).
 * {@code seed} is an integer on the AI Horde's wire; clients send it as a number or a string, Jackson gives us the
 * text. {@code gen_metadata} is not read yet.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An image worker's result for one job.")
public record SubmitInput(
        @Schema(description = "The job's id, as given by the pop. Required.")
        String id,
        @Schema(description = "The image as base64, or \"R2\" when it was uploaded to the pop's r2_upload "
                + "URL.")
        String generation,
        @Schema(description = "How the job ended: ok, censored (the worker censored the image), faulted (no image) "
                + "or csam (the image is discarded).", defaultValue = "ok",
                enumeration = {"ok", "censored", "faulted", "csam"})
        String state,
        @Schema(description = "The seed used, an integer (as a number or its text). Required.", examples = "42")
        String seed,
        @Schema(description = "Whether the worker censored the image.", defaultValue = "false")
        Boolean censored) {
}
