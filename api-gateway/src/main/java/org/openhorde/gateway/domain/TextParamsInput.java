package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** {@code params} of a text request as sent (the AI Horde's {@code ModelGenerationInputKobold}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TextParamsInput(
        Integer n,
        Integer maxContextLength,
        Integer maxLength,
        BigDecimal repPen,
        Integer repPenRange,
        BigDecimal repPenSlope,
        BigDecimal temperature,
        BigDecimal topP,
        Integer topK,
        BigDecimal topA,
        BigDecimal tfs,
        BigDecimal typical,
        BigDecimal minP,
        BigDecimal smoothingFactor,
        BigDecimal dynatempRange,
        BigDecimal dynatempExponent,
        List<Integer> samplerOrder,
        List<String> stopSequence,
        Boolean useDefaultBadwordsids,
        Boolean singleline,
        Boolean frmtadsnsp,
        Boolean frmtrmblln,
        Boolean frmtrmspch,
        Boolean frmttriminc) {
}
