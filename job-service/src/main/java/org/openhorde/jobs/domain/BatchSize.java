package org.openhorde.jobs.domain;

import org.openhorde.contracts.events.ImageParams;

/**
 * How many images of one request a worker gets in one pop (AI Horde {@code get_safe_amount}): its {@code amount}, cut
 * down so that a batch of big images fits the worker's {@code max_pixels} budget, at least one.
 */
public final class BatchSize {

    /** Each post-processor makes an image this much heavier. */
    private static final double PER_POST_PROCESSOR = 0.4;
    /** A transparent (layer diffuse) image costs this much more. */
    private static final double TRANSPARENT = 1.8;
    private static final double PIXEL_BUDGET_DIVISOR = 3.5;

    private BatchSize() {
    }

    public static int safeAmount(long maxPixels, int amount, ImageParams params, boolean disableBatching) {
        if (disableBatching || amount <= 1) {
            return 1;
        }
        int postProcessors = params.postProcessing() == null ? 0 : params.postProcessing().size();
        double imageCost = (double) params.pixels() * (1 + PER_POST_PROCESSOR * postProcessors)
                * (params.transparent() ? TRANSPARENT : 1);
        long safe = Math.round((maxPixels / PIXEL_BUDGET_DIVISOR * amount) / imageCost);
        return (int) Math.max(1, Math.min(amount, safe));
    }
}
