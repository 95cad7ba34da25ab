package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /interrogate/async} (the AI Horde's {@code ModelInterrogationInputStable}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An interrogation request: what to learn about an image.")
public record InterrogationInput(
        @Schema(description = "The interrogations to run on the image (at least one; a form named twice runs "
                + "once): caption, interrogation, nsfw, a post-processor (as in an image request's "
                + "post_processing), or vectorize, palette, describe, aesthetic (run as captions).", minItems = 1)
        List<Form> forms,
        @Schema(description = "The image to interrogate: base64 or an https URL. Required.")
        String sourceImage,
        @Schema(description = "When true, only trusted workers will serve this request.", defaultValue = "false")
        Boolean trustedWorkers,
        @Schema(description = "When false, slow workers are not given this request.", defaultValue = "true")
        Boolean slowWorkers,
        @Schema(description = "A URL the horde calls with each finished form: https (http only where the horde "
                + "allows it), 10 to 1024 characters.", minLength = 10, maxLength = 1024)
        String webhook) {

    /** One form: its name and an optional free map of options the worker reads. */
    @Schema(description = "One interrogation to run.")
    public record Form(
            @Schema(description = "The form's name. Required.", examples = "caption")
            String name,
            @Schema(description = "Options the worker reads for this form (free JSON).")
            Map<String, Object> payload) {
    }
}
