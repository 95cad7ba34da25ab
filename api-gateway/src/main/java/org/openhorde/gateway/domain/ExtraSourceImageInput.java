package org.openhorde.gateway.domain;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One of a remix request's {@code extra_source_images} as clients send it (the AI Horde's {@code ExtraSourceImage}):
 * a base64 image or an https URL, and its strength (default 1.0).
 */
@Schema(description = "An extra source image of a remix.")
public record ExtraSourceImageInput(
        @Schema(description = "The image: base64 or an https URL. Required, not empty.", minLength = 1)
        String image,
        @Schema(description = "How strongly this image shapes the remix.", defaultValue = "1.0")
        BigDecimal strength) {
}
