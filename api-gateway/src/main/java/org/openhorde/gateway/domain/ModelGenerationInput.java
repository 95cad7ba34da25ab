package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code params} of an image request (the AI Horde's {@code ModelGenerationInputStable}). {@code seed} is a
 * string on the wire, but clients also send numbers; Jackson turns those into their text.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelGenerationInput(
        String samplerName,
        BigDecimal cfgScale,
        BigDecimal denoisingStrength,
        BigDecimal hiresFixDenoisingStrength,
        Integer height,
        Integer width,
        Integer steps,
        Integer n,
        String seed,
        Integer seedVariation,
        Boolean karras,
        Boolean tiling,
        Boolean hiresFix,
        Integer clipSkip,
        BigDecimal facefixerStrength,
        List<String> postProcessing,
        List<Lora> loras,
        List<TextualInversion> tis,
        String controlType,
        Boolean imageIsControl,
        Boolean returnControlMap,
        Boolean transparent) {
}
