package org.openhorde.jobs.domain;

import org.openhorde.contracts.economy.ImagePricing;
import org.openhorde.contracts.events.ImageParams;

/**
 * How long a worker may hold a claimed image before it is given to someone else, as the AI Horde computes it
 * ({@code processing_generation.py}): {@code base + accurate_steps × 2 × (w·h / 512²)} seconds, never below the
 * minimum. Second-order samplers count their steps twice, because the GPU runs them twice. A worker that declares
 * {@code extra_slow_worker} gets three times as long.
 */
public record JobTtl(int baseSeconds, int minimumSeconds) {

    private static final double REFERENCE_PIXELS = 512.0 * 512.0;

    private static final int EXTRA_SLOW_FACTOR = 3;

    public int seconds(ImageParams params) {
        int steps = ImagePricing.accurateSteps(params.samplerName(), params.steps());
        double seconds = baseSeconds + steps * 2 * (params.pixels() / REFERENCE_PIXELS);
        return (int) Math.round(Math.max(minimumSeconds, seconds));
    }

    public int seconds(ImageParams params, boolean extraSlowWorker) {
        return extraSlowWorker ? seconds(params) * EXTRA_SLOW_FACTOR : seconds(params);
    }
}
