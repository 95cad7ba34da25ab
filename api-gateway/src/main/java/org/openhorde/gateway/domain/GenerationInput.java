package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of {@code POST /generate/async} as clients send it (the AI Horde's {@code GenerationInputStable}).
 * Everything is nullable: {@link GenerationInputRules} applies the AI Horde's defaults and limits.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerationInput(
        String prompt,
        ModelGenerationInput params,
        List<String> models,
        Boolean nsfw,
        Boolean censorNsfw,
        Boolean trustedWorkers,
        Boolean slowWorkers,
        List<String> workers,
        Boolean workerBlacklist,
        Boolean r2,
        Boolean shared,
        Boolean replacementFilter,
        Boolean dryRun,
        Boolean allowDowngrade,
        Boolean disableBatching,
        String webhook,
        String sourceImage,
        String sourceProcessing,
        String sourceMask,
        Boolean extraSlowWorkers,
        List<ExtraSourceImageInput> extraSourceImages,
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
