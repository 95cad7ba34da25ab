package org.openhorde.gateway.domain;

import java.math.BigDecimal;

/**
 * One of a remix request's {@code extra_source_images} as clients send it (the AI Horde's {@code ExtraSourceImage}):
 * a base64 image or an https URL, and its strength (default 1.0).
 */
public record ExtraSourceImageInput(String image, BigDecimal strength) {
}
