package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The {@code params} of an image request (the AI Horde's {@code ModelGenerationInputStable}). {@code seed} is a
 * string on the wire, but clients also send numbers; Jackson turns those into their text.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "The parameters of an image generation; every one may be omitted for its default.")
public record ModelGenerationInput(
        @Schema(description = "The sampler.", defaultValue = "k_euler_a", enumeration = {"k_lms", "k_heun",
                "k_euler", "k_euler_a", "k_dpm_2", "k_dpm_2_a", "k_dpm_fast", "k_dpm_adaptive", "k_dpmpp_2s_a",
                "k_dpmpp_2m", "dpmsolver", "k_dpmpp_sde", "DDIM", "lcm"})
        String samplerName,
        @Schema(description = "How closely the image follows the prompt; at most 2 decimals.", minimum = "0",
                maximum = "100", defaultValue = "5.0", examples = "7.5")
        BigDecimal cfgScale,
        @Schema(description = "How much an img2img source image is changed: near 0 keeps it, 1 replaces it.",
                minimum = "0.01",
                maximum = "1", examples = "0.75")
        BigDecimal denoisingStrength,
        @Schema(description = "The denoising strength of hires_fix's second pass.", minimum = "0.01",
                maximum = "1", examples = "0.65")
        BigDecimal hiresFixDenoisingStrength,
        @Schema(description = "The height of the image in pixels, a multiple of 64.", minimum = "64",
                maximum = "3072", multipleOf = 64, defaultValue = "512")
        Integer height,
        @Schema(description = "The width of the image in pixels, a multiple of 64.", minimum = "64",
                maximum = "3072", multipleOf = 64, defaultValue = "512")
        Integer width,
        @Schema(description = "The number of sampling steps. Defaults to 30 (20 with a control_type); with a "
                + "control_type more than 40 are silently capped to 40.", minimum = "1", maximum = "500",
                defaultValue = "30")
        Integer steps,
        @Schema(description = "The number of images to generate.", minimum = "1", maximum = "20",
                defaultValue = "1")
        Integer n,
        @Schema(description = "The seed, as a string (a number is accepted and read as its text); omitted or "
                + "blank means random.", examples = "42")
        String seed,
        @Schema(description = "With n > 1, the step by which the seed changes from one image to the next.",
                minimum = "1", maximum = "1000")
        Integer seedVariation,
        @Schema(description = "Use the Karras noise schedule.", defaultValue = "true")
        Boolean karras,
        @Schema(description = "Generate a seamlessly tiling image.", defaultValue = "false")
        Boolean tiling,
        @Schema(description = "Generate at a lower resolution first, then upscale in a second pass (not with "
                + "Flux, Qwen or Z-Image models).", defaultValue = "false")
        Boolean hiresFix,
        @Schema(description = "The number of CLIP layers to skip from the end.", minimum = "1", maximum = "12")
        Integer clipSkip,
        @Schema(description = "The strength of the face fixers among post_processing (GFPGAN, CodeFormers).",
                minimum = "0", maximum = "1")
        BigDecimal facefixerStrength,
        @Schema(description = "Post-processors applied in order, no duplicates, at most one upscaler: "
                + "RealESRGAN_x4plus, RealESRGAN_x2plus, RealESRGAN_x4plus_anime_6B, NMKD_Siax, 4x_AnimeSharp, "
                + "4xNomos8kSC, 4xLSDIRplus, 4xNomosWebPhoto_RealPLKSR, 4xNomos2_realplksr_dysample, "
                + "4xNomos2_hq_dat2, 2xModernSpanimationV1 (upscalers), GFPGAN, CodeFormers, strip_background, "
                + "GFPGANv1.3, RestoreFormer.", uniqueItems = true)
        List<String> postProcessing,
        @Schema(description = "The LoRAs to apply; at most 5.", maxItems = 5)
        List<Lora> loras,
        @Schema(description = "The textual inversions to apply; at most 20.", maxItems = 20)
        List<TextualInversion> tis,
        @Schema(description = "The ControlNet to guide the image by the source image (needs a source_image and "
                + "img2img; not with SDXL, Cascade, Flux, Qwen, Z-Image or inpainting models).",
                enumeration = {"canny", "hed", "depth", "normal", "openpose", "seg", "scribble", "fakescribbles",
                        "hough"})
        String controlType,
        @Schema(description = "When true, the source image already is the control map.", defaultValue = "false")
        Boolean imageIsControl,
        @Schema(description = "When true, the worker returns the control map instead of the image.",
                defaultValue = "false")
        Boolean returnControlMap,
        @Schema(description = "Generate an image with a transparent background (not with extra source images).",
                defaultValue = "false")
        Boolean transparent) {
}
