package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openhorde.contracts.events.TextParams;
import org.openhorde.contracts.internal.PopResult;

/** What a text worker's pop answers (the AI Horde's {@code GenerationPayloadKobold}). */
public final class TextPopPayloads {

    private TextPopPayloads() {
    }

    /**
     * The answer: the job's {@code payload} (prompt and the params the worker's backend needs), its ids, the model
     * and soft prompt to use, and how long the worker may hold it; or only the {@code skipped} histogram.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TextGenerationPayload(TextPayload payload, UUID id, List<UUID> ids, Map<String, Integer> skipped,
                                        String softprompt, String model, Integer ttl, List<Object> messages) {
    }

    /** {@code ModelPayloadKobold}: the prompt and the request's params, {@code n} being this batch's size. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TextPayload(String prompt, int n, int maxContextLength, int maxLength, BigDecimal repPen,
                              Integer repPenRange, BigDecimal repPenSlope, BigDecimal temperature, BigDecimal topP,
                              Integer topK, BigDecimal topA, BigDecimal tfs, BigDecimal typical, BigDecimal minP,
                              BigDecimal smoothingFactor, BigDecimal dynatempRange, BigDecimal dynatempExponent,
                              List<Integer> samplerOrder, List<String> stopSequence, Boolean useDefaultBadwordsids,
                              Boolean singleline, Boolean frmtadsnsp, Boolean frmtrmblln, Boolean frmtrmspch,
                              Boolean frmttriminc) {
    }

    public static TextGenerationPayload claimed(PopResult claimed) {
        TextParams p = claimed.textSpec().params();
        TextPayload payload = new TextPayload(claimed.textSpec().prompt(), claimed.jobIds().size(),
                p.maxContextLength(), p.maxLength(), p.repPen(), p.repPenRange(), p.repPenSlope(), p.temperature(),
                p.topP(), p.topK(), p.topA(), p.tfs(), p.typical(), p.minP(), p.smoothingFactor(), p.dynatempRange(),
                p.dynatempExponent(), p.samplerOrder(), p.stopSequence(), p.useDefaultBadwordsids(), p.singleline(),
                p.frmtadsnsp(), p.frmtrmblln(), p.frmtrmspch(), p.frmttriminc());
        return new TextGenerationPayload(payload, claimed.jobIds().get(0), List.copyOf(claimed.jobIds()), Map.of(),
                claimed.textSpec().softprompt(), claimed.model(), claimed.ttlSeconds(),
                WorkerMessageView.inPop(claimed.messages()));
    }

    public static TextGenerationPayload nothing(Map<String, Integer> skipped) {
        return nothing(skipped, List.of());
    }

    /** Nothing matched, with the worker's active messages. */
    public static TextGenerationPayload nothing(Map<String, Integer> skipped,
                                                List<org.openhorde.contracts.internal.WorkerMessage> messages) {
        return new TextGenerationPayload(null, null, List.of(), skipped == null ? Map.of() : skipped, null, null,
                null, WorkerMessageView.inPop(messages));
    }
}
