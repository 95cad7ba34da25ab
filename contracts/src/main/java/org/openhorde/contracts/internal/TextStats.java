package org.openhorde.contracts.internal;

import java.util.Map;

/**
 * Delivered text generations, as {@code /stats/text/totals} and {@code /stats/text/models} show them.
 *
 * @param totals per period ({@code minute, hour, day, month, total}): generations and tokens
 * @param models per period ({@code day, month, total}): generations per model
 */
public record TextStats(Map<String, Period> totals, Map<String, Map<String, Long>> models) {

    /** The AI Horde's {@code {requests, tokens}}. */
    public record Period(long requests, long tokens) {
    }
}
