package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST} and {@code PATCH /styles/image|text[/{id}]} (the AI Horde's {@code ModelStyleInputStable},
 * {@code ModelStylePatchStable} and their Kobold twins). Everything is nullable; {@link StyleInputRules} applies the
 * AI Horde's limits.
 */
@Schema(name = "StyleInput", description = "A style: a prompt template with the params and models it imposes.")
public record StyleInput(
        @Schema(description = "The name for the style. Case-sensitive and unique per user.", minLength = 1,
                maxLength = 100, examples = "My Awesome Image Style")
        String name,
        @Schema(description = "Some information about this style.", minLength = 10, maxLength = 1000,
                examples = "photorealism excellence.")
        String info,
        @Schema(description = "The prompt template which will be sent to generate an image. The user's prompt "
                + "will be injected into this. This argument MUST include a '{p}' which specifies the part where the "
                + "user's prompt will be injected and an '{np}' where the user's negative prompt will be injected "
                + "(if any)", minLength = 7, examples = "{p}, photorealistic###{np}, cartoon")
        String prompt,
        @Schema(description = "The generation params this style imposes (the image or text request's params, "
                + "without n); validated like a request's.")
        Map<String, Object> params,
        @Schema(description = "When true this style will be listed among all styles publicly. When false, "
                + "information about this style can only be seen by people who know its ID or name.",
                defaultValue = "true")
        @JsonProperty("public") Boolean isPublic,
        @Schema(description = "When true, it signified this style is expected to generate NSFW images primarily.",
                defaultValue = "false")
        Boolean nsfw,
        @Schema(description = "Tags describing this style. Used for filtering and discovery (at most 10, 1 to 25 "
                + "characters each).", maxItems = 10)
        List<String> tags,
        @Schema(description = "The models to use with this style (1 to 5).", minItems = 1, maxItems = 5)
        List<String> models,
        @Schema(description = "The UUID of a shared key which will be used to fulfil this style when active. It "
                + "must be one of the style owner's keys, not empty nor expired; once assigned to a style, the key "
                + "can no longer be sent as an apikey. An empty string changes nothing.", minLength = 36,
                maxLength = 36)
        String sharedkey) {
}
