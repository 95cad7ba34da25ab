package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /generate/text/async} as clients send it (the AI Horde's {@code GenerationInputKobold}).
 * Everything is nullable: {@link TextInputRules} applies the AI Horde's defaults and limits.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A text generation request. Every field but the prompt may be omitted; the horde then applies "
        + "the default named here.")
public record TextGenerationInput(
        @Schema(description = "The prompt which will be sent to the text model. Required.",
                examples = "Once upon a time")
        String prompt,
        @Schema(description = "The generation parameters; omitted means all their defaults.")
        TextParamsInput params,
        @Schema(description = "The soft prompt to load, if any (at most 100 characters; empty means none).",
                maxLength = 100)
        String softprompt,
        @Schema(description = "When true, only trusted workers will serve this request.", defaultValue = "false")
        Boolean trustedWorkers,
        @Schema(description = "When true, only workers running a validated inference backend serve this request.",
                defaultValue = "true")
        Boolean validatedBackends,
        @Schema(description = "When false, slow workers are not given this request; the requester must then "
                + "hold the request's kudos upfront.", defaultValue = "true")
        Boolean slowWorkers,
        @Schema(description = "The ids (UUIDs) of the workers that may serve this request (or, with "
                + "worker_blacklist, that may not); at most 5.", maxItems = 5)
        List<String> workers,
        @Schema(description = "When true, the workers list names workers to avoid rather than the only ones "
                + "allowed.", defaultValue = "false")
        Boolean workerBlacklist,
        @Schema(description = "The models any of which may generate the text, each 1 to 255 characters; omitted "
                + "or empty means any model.", examples = "[\"koboldcpp/LLaMA2-13B-Psyfighter2\"]")
        List<String> models,
        @Schema(description = "When true, nothing is generated: the answer only states the kudos the request would "
                + "cost.", defaultValue = "false")
        Boolean dryRun,
        @Schema(description = "Set to true if this request is NSFW: only workers accepting NSFW take it.",
                defaultValue = "false")
        Boolean nsfw,
        @Schema(description = "When the requester lacks the upfront kudos this request needs (more tokens than "
                + "the busy horde gives away), shrink max_length to the free size instead of refusing it.",
                defaultValue = "false")
        Boolean allowDowngrade,
        @Schema(description = "A URL the horde calls with each finished text: https (http only where the horde "
                + "allows it), 10 to 1024 characters.", minLength = 10, maxLength = 1024,
                examples = "https://example.com/horde-webhook")
        String webhook,
        @Schema(description = "Accepted for compatibility with the AI Horde's proxies; this horde ignores it.")
        String proxiedAccount,
        @Schema(description = "Text requests take no extra source images: a non-empty list is refused "
                + "(InvalidExtraSourceImages).", maxItems = 0)
        List<Object> extraSourceImages,
        @Schema(description = "Accepted for compatibility; this horde ignores it for text.")
        Boolean disableBatching,
        @Schema(description = "The id or name of a text style, or of a collection (one of its styles is picked "
                + "at random), to apply: its prompt template, params, models and nsfw replace the request's; 3 to "
                + "1024 characters.", minLength = 3, maxLength = 1024)
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
