package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /generate/async} as clients send it (the AI Horde's {@code GenerationInputStable}).
 * Everything is nullable: {@link GenerationInputRules} applies the AI Horde's defaults and limits.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An image generation request. Every field but the prompt may be omitted; the horde then applies "
        + "the default named here.")
public record GenerationInput(
        @Schema(description = "The prompt which will be sent to Stable Diffusion to generate an image. A negative "
                + "prompt follows '###'. Required, not blank, at most 7500 words.", minLength = 1,
                examples = "a lighthouse on a cliff at dawn###blurry")
        String prompt,
        @Schema(description = "The generation parameters; omitted means all their defaults.")
        ModelGenerationInput params,
        @Schema(description = "The models any of which may generate the image, each 1 to 255 characters. Omitted "
                + "means [\"stable_diffusion\"]; an empty list means any model.",
                examples = "[\"stable_diffusion\"]")
        List<String> models,
        @Schema(description = "Set to true if this request is NSFW: only workers accepting NSFW take it.",
                defaultValue = "true")
        Boolean nsfw,
        @Schema(description = "When nsfw is false, asks the worker to censor NSFW images it generates anyway.",
                defaultValue = "true")
        Boolean censorNsfw,
        @Schema(description = "When true, only trusted workers will serve this request.", defaultValue = "false")
        Boolean trustedWorkers,
        @Schema(description = "When false, slow workers are not given this request; the requester must then "
                + "hold the request's kudos upfront.", defaultValue = "true")
        Boolean slowWorkers,
        @Schema(description = "The ids (UUIDs) of the workers that may serve this request (or, with "
                + "worker_blacklist, that may not); at most 5.", maxItems = 5)
        List<String> workers,
        @Schema(description = "When true, the workers list names workers to avoid rather than the only ones "
                + "allowed.", defaultValue = "false")
        Boolean workerBlacklist,
        @Schema(description = "When true, the images are stored in the horde's object storage and delivered as "
                + "download URLs; when false, as base64 in the status answer.", defaultValue = "true")
        Boolean r2,
        @Schema(description = "When true, the images may be shared with LAION for training.",
                defaultValue = "false")
        Boolean shared,
        @Schema(description = "When true, a prompt the horde's filter blocks has its offending words replaced "
                + "instead of being refused (such a prompt must then be under 7000 characters).",
                defaultValue = "true")
        Boolean replacementFilter,
        @Schema(description = "When true, nothing is generated: the answer only states the kudos the request would "
                + "cost.", defaultValue = "false")
        Boolean dryRun,
        @Schema(description = "When the requester lacks the upfront kudos a large request needs, shrink its size "
                + "and steps to the free limits instead of refusing it.", defaultValue = "false")
        Boolean allowDowngrade,
        @Schema(description = "When true, the images are generated one at a time rather than in a batch (for "
                + "reproducible seeds); with n > 1 only trusted users may ask it.", defaultValue = "false")
        Boolean disableBatching,
        @Schema(description = "A URL the horde calls with each finished image: https (http only where the horde "
                + "allows it), 10 to 1024 characters.", minLength = 10, maxLength = 1024,
                examples = "https://example.com/horde-webhook")
        String webhook,
        @Schema(description = "The image to start from (img2img, inpainting, outpainting, remix): base64 or an "
                + "https URL. An empty string means none.")
        String sourceImage,
        @Schema(description = "What to do with the source image.", defaultValue = "img2img",
                enumeration = {"img2img", "inpainting", "outpainting", "remix"})
        String sourceProcessing,
        @Schema(description = "The mask of the source image for inpainting and outpainting: base64 or an https URL. "
                + "Needs a source_image; without one, inpainting paints where the source image is transparent.")
        String sourceMask,
        @Schema(description = "When true, workers even slower than slow_workers allows may serve this request.",
                defaultValue = "false")
        Boolean extraSlowWorkers,
        @Schema(description = "More images for a remix (source_processing remix): at most 5, more than 1 only for "
                + "trusted users.", maxItems = 5)
        List<ExtraSourceImageInput> extraSourceImages,
        @Schema(description = "The id or name of an image style, or of a collection (one of its styles is picked "
                + "at random), to apply: its prompt template, params, models and nsfw replace the request's; 3 to "
                + "1024 characters.", minLength = 3, maxLength = 1024)
        String style) {

    /** A body without {@code style}. */
    public GenerationInput(String prompt, ModelGenerationInput params, List<String> models, Boolean nsfw,
                           Boolean censorNsfw, Boolean trustedWorkers, Boolean slowWorkers, List<String> workers,
                           Boolean workerBlacklist, Boolean r2, Boolean shared, Boolean replacementFilter,
                           Boolean dryRun, Boolean allowDowngrade, Boolean disableBatching, String webhook,
                           String sourceImage, String sourceProcessing, String sourceMask, Boolean extraSlowWorkers,
                           List<ExtraSourceImageInput> extraSourceImages) {
        this(prompt, params, models, nsfw, censorNsfw, trustedWorkers, slowWorkers, workers, workerBlacklist, r2,
                shared, replacementFilter, dryRun, allowDowngrade, disableBatching, webhook, sourceImage,
                sourceProcessing, sourceMask, extraSlowWorkers, extraSourceImages, null);
    }

    /** This body with what a style imposes (the prompt made from its template, its params, models and nsfw). */
    public GenerationInput styled(String styledPrompt, ModelGenerationInput styledParams, List<String> styledModels,
                                  boolean styledNsfw) {
        return new GenerationInput(styledPrompt, styledParams, styledModels, styledNsfw, censorNsfw, trustedWorkers,
                slowWorkers, workers, workerBlacklist, r2, shared, replacementFilter, dryRun, allowDowngrade,
                disableBatching, webhook, sourceImage, sourceProcessing, sourceMask, extraSlowWorkers,
                extraSourceImages, style);
    }

    /** A body without {@code extra_source_images}. */
    public GenerationInput(String prompt, ModelGenerationInput params, List<String> models, Boolean nsfw,
                           Boolean censorNsfw, Boolean trustedWorkers, Boolean slowWorkers, List<String> workers,
                           Boolean workerBlacklist, Boolean r2, Boolean shared, Boolean replacementFilter,
                           Boolean dryRun, Boolean allowDowngrade, Boolean disableBatching, String webhook,
                           String sourceImage, String sourceProcessing, String sourceMask, Boolean extraSlowWorkers) {
        this(prompt, params, models, nsfw, censorNsfw, trustedWorkers, slowWorkers, workers, workerBlacklist, r2,
                shared, replacementFilter, dryRun, allowDowngrade, disableBatching, webhook, sourceImage,
                sourceProcessing, sourceMask, extraSlowWorkers, null, null);
    }

    /** A body without {@code extra_slow_workers}. */
    public GenerationInput(String prompt, ModelGenerationInput params, List<String> models, Boolean nsfw,
                           Boolean censorNsfw, Boolean trustedWorkers, Boolean slowWorkers, List<String> workers,
                           Boolean workerBlacklist, Boolean r2, Boolean shared, Boolean replacementFilter,
                           Boolean dryRun, Boolean allowDowngrade, Boolean disableBatching, String webhook,
                           String sourceImage, String sourceProcessing, String sourceMask) {
        this(prompt, params, models, nsfw, censorNsfw, trustedWorkers, slowWorkers, workers, workerBlacklist, r2,
                shared, replacementFilter, dryRun, allowDowngrade, disableBatching, webhook, sourceImage,
                sourceProcessing, sourceMask, null, null, null);
    }
}
