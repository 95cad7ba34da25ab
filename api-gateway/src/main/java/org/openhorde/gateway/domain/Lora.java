package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A LoRA as the AI Horde's wire shows it, in a request's params and in a worker's pop payload alike. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A LoRA to apply to the image.")
public record Lora(
        @Schema(description = "The LoRA's name or CivitAI id (with is_version, its numeric version id); 1 to 255 "
                + "characters. Required.", minLength = 1, maxLength = 255)
        String name,
        @Schema(description = "The strength of the LoRA on the model.", minimum = "-5", maximum = "5",
                defaultValue = "1.0")
        BigDecimal model,
        @Schema(description = "The strength of the LoRA on CLIP.", minimum = "-5", maximum = "5",
                defaultValue = "1.0")
        BigDecimal clip,
        @Schema(description = "A trigger word of the LoRA to inject into the prompt (a fuzzy match of its "
                + "triggers).", minLength = 1, maxLength = 30)
        String injectTrigger,
        // Named explicitly: Jackson would otherwise read "is" as a boolean getter prefix.
        @Schema(description = "When true, name is a CivitAI model version id.", defaultValue = "false")
        @JsonProperty("is_version") Boolean isVersion) {
}
