package org.openhorde.gateway.rest;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error answer, as the OpenAPI document shows it (the wire shape is {@code HordeError} in
 * contracts, which stays free of annotations). Every documented error response names the {@code rc}s it carries.
 */
@Schema(name = "RequestError", description = "Every error answer: a message and the AI Horde's return code.")
public record ApiErrors(
        @Schema(description = "What went wrong, for people.", examples = "Style with ID 'x' not found.")
        String message,
        @Schema(description = "The AI Horde's return code, for programs.", examples = "StyleNotFound")
        String rc,
        @Schema(description = "Per-field validation errors, when the AI Horde would give them.")
        Map<String, String> errors) {
}
