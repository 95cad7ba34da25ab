package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of {@code POST /generate/text/async} as clients send it (the AI Horde's {@code GenerationInputKobold}).
 * Everything is nullable: {@link TextInputRules} applies the AI Horde's defaults and limits.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TextGenerationInput(
        String prompt,
        TextParamsInput params,
        String softprompt,
        Boolean trustedWorkers,
        Boolean validatedBackends,
        Boolean slowWorkers,
        List<String> workers,
        Boolean workerBlacklist,
        List<String> models,
        Boolean dryRun,
        Boolean nsfw,
        Boolean allowDowngrade,
        String webhook,
        String proxiedAccount,
        List<Object> extraSourceImages,
        Boolean disableBatching,
        String style) {

    /** A body without {@code style}. */
    public TextGenerationInput(String prompt, TextParamsInput params, String softprompt, Boolean trustedWorkers,
                               Boolean validatedBackends, Boolean slowWorkers, List<String> workers,
                               Boolean workerBlacklist, List<String> models, Boolean dryRun, Boolean nsfw,
                               Boolean allowDowngrade, String webhook, String proxiedAccount,
                               List<Object> extraSourceImages, Boolean disableBatching) {
        this(prompt, params, softprompt, trustedWorkers, validatedBackends, slowWorkers, workers, workerBlacklist,
                models, dryRun, nsfw, allowDowngrade, webhook, proxiedAccount, extraSourceImages, disableBatching,
                null);
    }

    /** This body with what a style imposes (the prompt made from its template, its params, models and nsfw). */
    public TextGenerationInput styled(String styledPrompt, TextParamsInput styledParams, List<String> styledModels,
                                      boolean styledNsfw) {
        return new TextGenerationInput(styledPrompt, styledParams, softprompt, trustedWorkers, validatedBackends,
                slowWorkers, workers, workerBlacklist, styledModels, dryRun, styledNsfw, allowDowngrade, webhook,
                proxiedAccount, extraSourceImages, disableBatching, style);
    }
}
