package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
    @Schema(description = "The answer to a text worker's pop: the job(s) to run, or only the skipped counts.")
    public record TextGenerationPayload(
            @Schema(description = "What to generate.")
            TextPayload payload,
            @Schema(description = "The first job's id.")
            UUID id,
            @Schema(description = "The ids of all jobs given.")
            List<UUID> ids,
            @Schema(description = "With nothing to do: how many waiting requests this worker could not take, by "
                    + "reason.")
            Map<String, Integer> skipped,
            @Schema(description = "The soft prompt to load, if any.")
            String softprompt,
            @Schema(description = "The model to generate with.")
            String model,
            @Schema(description = "Seconds the worker has to submit before the jobs go back to the queue.")
            Integer ttl,
            @Schema(description = "The worker's active messages from the horde's moderators.")
            List<Object> messages) {
    }

    /** {@code ModelPayloadKobold}: the prompt and the request's params, {@code n} being this batch's size. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "What a text worker generates: the prompt and the request's params (unset ones left out).")
    public record TextPayload(
            @Schema(description = "The prompt to continue.")
            String prompt,
            @Schema(description = "The number of texts to generate in this batch.")
            int n,
            @Schema(description = "The most tokens of context to send to the model.")
            int maxContextLength,
            @Schema(description = "The number of tokens to generate.")
            int maxLength,
            @Schema(description = "Base repetition penalty.")
            BigDecimal repPen,
            @Schema(description = "Repetition penalty range.")
            Integer repPenRange,
            @Schema(description = "Repetition penalty slope.")
            BigDecimal repPenSlope,
            @Schema(description = "Temperature value.")
            BigDecimal temperature,
            @Schema(description = "Top-p sampling value.")
            BigDecimal topP,
            @Schema(description = "Top-k sampling value.")
            Integer topK,
            @Schema(description = "Top-a sampling value.")
            BigDecimal topA,
            @Schema(description = "Tail free sampling value.")
            BigDecimal tfs,
            @Schema(description = "Typical sampling value.")
            BigDecimal typical,
            @Schema(description = "Min-p sampling value.")
            BigDecimal minP,
            @Schema(description = "Quadratic sampling value.")
            BigDecimal smoothingFactor,
            @Schema(description = "Dynamic temperature range value.")
            BigDecimal dynatempRange,
            @Schema(description = "Dynamic temperature exponent value.")
            BigDecimal dynatempExponent,
            @Schema(description = "The order in which the samplers are applied.")
            List<Integer> samplerOrder,
            @Schema(description = "Strings which stop the generation.")
            List<String> stopSequence,
            @Schema(description = "Use the default KoboldAI bad word IDs.")
            Boolean useDefaultBadwordsids,
            @Schema(description = "Remove everything after the first line of the output.")
            Boolean singleline,
            @Schema(description = "Add a leading space to the input if the previous action does not end in whitespace.")
            Boolean frmtadsnsp,
            @Schema(description = "Replace two or more consecutive newlines in the output with one.")
            Boolean frmtrmblln,
            @Schema(description = "Remove #/@%}{+=~|^<> from the output.")
            Boolean frmtrmspch,
            @Schema(description = "Trim the output so that it does not end in the middle of a sentence.")
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
