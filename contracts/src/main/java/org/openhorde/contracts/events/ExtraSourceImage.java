package org.openhorde.contracts.events;

import java.math.BigDecimal;

/**
 * One of a remix request's extra source images (AI Horde {@code extra_source_images[i]}), as stored.
 *
 * @param imageKey object key of the image in the sources bucket ({@link org.openhorde.contracts.ObjectKeys#extraSourceImage})
 * @param strength how strongly the worker weighs it (the AI Horde's default 1.0)
 */
public record ExtraSourceImage(String imageKey, BigDecimal strength) {
}
