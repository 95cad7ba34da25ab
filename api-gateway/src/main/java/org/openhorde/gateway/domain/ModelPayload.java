package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a worker generates, in the AI Horde's pop {@code payload} shape ({@code ModelPayloadStable}). Optional knobs
 * are left out when unset, as the AI Horde does, so that older workers never see keys they do not know.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelPayload(
        String prompt,
        int ddimSteps,
        int nIter,
        String seed,
        boolean imageIsControl,
        boolean returnControlMap,
        String samplerName,
        BigDecimal cfgScale,
        int height,
        int width,
        boolean karras,
        boolean tiling,
        boolean hiresFix,
        boolean transparent,
        List<String> postProcessing,
        Integer clipSkip,
        BigDecimal facefixerStrength,
        List<Lora> loras,
        List<TextualInversion> tis,
        String controlType,
        BigDecimal denoisingStrength,
        BigDecimal hiresFixDenoisingStrength,
        Boolean useNsfwCensor) {
}
