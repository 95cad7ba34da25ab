package org.openhorde.jobs.domain;

/**
 * A worker's measured speed, the AI Horde's {@code workers.speed}: the mean over its last {@link #SAMPLES} delivered
 * images of pixelsteps (width × height × accurate steps) ÷ seconds from claim to submit. Requests with
 * {@code slow_workers: false} only go to workers at {@link #FAST_PIXELSTEPS_PER_SECOND} or more.
 */
public final class WorkerSpeed {

    /** How many recent deliveries the speed averages (AI Horde: the last 20 performance samples). */
    public static final int SAMPLES = 20;

    /** 0.5 megapixelsteps per second (AI Horde: {@code worker.speed >= 500000}). */
    public static final double FAST_PIXELSTEPS_PER_SECOND = 500_000;

    private WorkerSpeed() {
    }

    /**
     * Whether a worker of this measured speed is too slow for {@code slow_workers: false}. A worker that delivered
     * nothing yet has no speed: the AI Horde credits it 1 megapixelstep per second, so it is fast enough.
     */
    public static boolean tooSlow(Double pixelstepsPerSecond) {
        return pixelstepsPerSecond != null && pixelstepsPerSecond < FAST_PIXELSTEPS_PER_SECOND;
    }
}
