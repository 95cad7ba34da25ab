package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** A LoRA as the AI Horde's wire shows it, in a request's params and in a worker's pop payload alike. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lora(String name, BigDecimal model, BigDecimal clip, String injectTrigger,
                   // Named explicitly: Jackson would otherwise read "is" as a boolean getter prefix.
                   @JsonProperty("is_version") Boolean isVersion) {
}
