package org.openhorde.gateway.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST|PATCH /styles/image/{id}/example[/{example_id}]}. */
@Schema(name = "InputStyleExample", description = "An example picture of an image style.")
public record StyleExampleInput(
        @Schema(description = "The url where this image is hosted; https only.", required = true, maxLength = 1024,
                examples = "https://lemmy.dbzer0.com/pictrs/image/c9915186-ca30-4f5a-873c-a91287fb4419.webp")
        String url,
        @Schema(description = "When true this image is to be used as the primary example for this style.",
                defaultValue = "false")
        Boolean primary) {
}
