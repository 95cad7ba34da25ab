package org.openhorde.contracts.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * The generation parameters of a text request after defaults were applied (the AI Horde's {@code
 * ModelPayloadRootKobold}). Sampling knobs the client left out stay {@code null}: the worker's backend then uses its
 * own default, as with the AI Horde. Decimal knobs are {@link BigDecimal} so that what the client sent is what the
 * worker receives.
 *
 * @param n                how many generations (jobs) the request asks for
 * @param maxContextLength the most tokens of prompt the worker must be able to read
 * @param maxLength        the most tokens to generate
 */
public record TextParams(
        int n,
        int maxContextLength,
        int maxLength,
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
