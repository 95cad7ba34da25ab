package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code params} of a text request as sent (the AI Horde's {@code ModelGenerationInputKobold}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "The parameters of a text generation; every one may be omitted for its default (unset "
        + "samplers: the worker's own).")
public record TextParamsInput(
        @Schema(description = "The number of texts to generate.", minimum = "1", maximum = "20", defaultValue = "1")
        Integer n,
        @Schema(description = "The maximum number of tokens of context (prompt included) to send to the model; "
                + "at least max_length.", minimum = "80", maximum = "1048576", defaultValue = "2048")
        Integer maxContextLength,
        @Schema(description = "The number of tokens to generate.", minimum = "16", maximum = "4096",
                defaultValue = "80")
        Integer maxLength,
        @Schema(description = "Base repetition penalty.", minimum = "1", maximum = "3")
        BigDecimal repPen,
        @Schema(description = "Repetition penalty range, in tokens.", minimum = "0", maximum = "4096")
        Integer repPenRange,
        @Schema(description = "Repetition penalty slope.", minimum = "0", maximum = "10")
        BigDecimal repPenSlope,
        @Schema(description = "Temperature value.", minimum = "0", maximum = "5")
        BigDecimal temperature,
        @Schema(description = "Top-p sampling value.", minimum = "0.001", maximum = "1")
        BigDecimal topP,
        @Schema(description = "Top-k sampling value.", minimum = "0", maximum = "200")
        Integer topK,
        @Schema(description = "Top-a sampling value.", minimum = "0", maximum = "1")
        BigDecimal topA,
        @Schema(description = "Tail free sampling value.", minimum = "0", maximum = "1")
        BigDecimal tfs,
        @Schema(description = "Typical sampling value.", minimum = "0", maximum = "1")
        BigDecimal typical,
        @Schema(description = "Min-p sampling value.", minimum = "0", maximum = "1")
        BigDecimal minP,
        @Schema(description = "Quadratic sampling value.", minimum = "0", maximum = "10")
        BigDecimal smoothingFactor,
        @Schema(description = "Dynamic temperature range value.", minimum = "0", maximum = "5")
        BigDecimal dynatempRange,
        @Schema(description = "Dynamic temperature exponent value.", minimum = "0", maximum = "5")
        BigDecimal dynatempExponent,
        @Schema(description = "The order in which the samplers are applied: all 7 samplers, each 0 to 6 "
                + "(MissingFullSamplerOrder otherwise).", examples = "[6, 0, 1, 3, 4, 2, 5]")
        List<Integer> samplerOrder,
        @Schema(description = "Strings which stop the generation: at most 128 distinct, 2000 characters in all.",
                examples = "[\"\\nYou:\"]")
        List<String> stopSequence,
        @Schema(description = "When true, uses the default KoboldAI bad word IDs.")
        Boolean useDefaultBadwordsids,
        @Schema(description = "Output formatting option. When enabled, removes everything after the first line of "
                + "the output, including the newline.")
        Boolean singleline,
        @Schema(description = "Input formatting option. When enabled, adds a leading space to your input if there "
                + "is no trailing whitespace at the end of the previous action.")
        Boolean frmtadsnsp,
        @Schema(description = "Output formatting option. When enabled, replaces all occurrences of two or more "
                + "consecutive newlines in the output with one newline.")
        Boolean frmtrmblln,
        @Schema(description = "Output formatting option. When enabled, removes #/@%}{+=~|^<> from the output.")
        Boolean frmtrmspch,
        @Schema(description = "Output formatting option. When enabled, removes some characters from the end of the "
                + "output such that the output doesn't end in the middle of a sentence. If the output is less than "
                + "one sentence long, does nothing.")
        Boolean frmttriminc) {
}
