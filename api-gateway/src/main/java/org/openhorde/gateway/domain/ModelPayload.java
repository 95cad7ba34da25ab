package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a worker generates, in the AI Horde's pop {@code payload} shape ({@code ModelPayloadStable}). Optional knobs
 * are left out when unset, as the AI Horde does, so that older workers never see keys they do not know.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "What an image worker generates: the request's params as the worker reads them (unset "
        + "options left out).")
public record ModelPayload(
        @Schema(description = "The prompt, a negative prompt after '###'.")
        String prompt,
        @Schema(description = "The sampling steps.")
        int ddimSteps,
        @Schema(description = "The number of images to generate in this batch.")
        int nIter,
        @Schema(description = "The seed of the first image.")
        String seed,
        @Schema(description = "When true, the source image is the control map.")
        boolean imageIsControl,
        @Schema(description = "When true, return the control map instead of the image.")
        boolean returnControlMap,
        @Schema(description = "The sampler.")
        String samplerName,
        @Schema(description = "How closely the image follows the prompt.")
        BigDecimal cfgScale,
        @Schema(description = "The height in pixels.")
        int height,
        @Schema(description = "The width in pixels.")
        int width,
        @Schema(description = "Use the Karras noise schedule.")
        boolean karras,
        @Schema(description = "Generate a seamlessly tiling image.")
        boolean tiling,
        @Schema(description = "Generate in two passes (hires fix).")
        boolean hiresFix,
        @Schema(description = "Generate a transparent background.")
        boolean transparent,
        @Schema(description = "Post-processors to apply, in order.")
        List<String> postProcessing,
        @Schema(description = "CLIP layers to skip.")
        Integer clipSkip,
        @Schema(description = "The strength of the face fixers.")
        BigDecimal facefixerStrength,
        @Schema(description = "The LoRAs to apply.")
        List<Lora> loras,
        @Schema(description = "The textual inversions to apply.")
        List<TextualInversion> tis,
        @Schema(description = "The ControlNet type.")
        String controlType,
        @Schema(description = "The img2img denoising strength.")
        BigDecimal denoisingStrength,
        @Schema(description = "The denoising strength of the hires fix pass.")
        BigDecimal hiresFixDenoisingStrength,
        @Schema(description = "When true, censor NSFW images (the request was not NSFW and asked for censoring).")
        Boolean useNsfwCensor) {
}
