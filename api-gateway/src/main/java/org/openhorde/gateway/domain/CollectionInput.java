package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /collections} and {@code PATCH /collections/{id}} (the AI Horde's {@code InputCollection}). */
@Schema(name = "CollectionInput", description = "A collection of styles of one type.")
public record CollectionInput(
        @Schema(description = "The name for the collection. Case-sensitive and unique per user.", minLength = 1,
                maxLength = 100, examples = "My Awesome Collection")
        String name,
        @Schema(description = "Extra information about this collection.", minLength = 1, maxLength = 1000)
        String info,
        @Schema(description = "When true this collection will be listed among all collections publicly. When "
                + "false, information about this collection can only be seen by people who know its ID or name.",
                defaultValue = "true")
        @JsonProperty("public") Boolean isPublic,
        @Schema(description = "The styles (ids or names) in this collection, all of one type; at least one.",
                minItems = 1)
        List<String> styles) {
}
