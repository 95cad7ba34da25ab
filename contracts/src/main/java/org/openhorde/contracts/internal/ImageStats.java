package org.openhorde.contracts.internal;

import java.util.Map;

/**
 * Delivered images, as {@code /stats/img/totals} and {@code /stats/img/models} show them.
 *
 * @param totals per period ({@code minute, hour, day, month, total}): images and pixelsteps
 * @param models per period ({@code day, month, total}): images per model
 */
public record ImageStats(Map<String, Period> totals, Map<String, Map<String, Long>> models) {

    public record Period(long images, long ps) {
    }
}
