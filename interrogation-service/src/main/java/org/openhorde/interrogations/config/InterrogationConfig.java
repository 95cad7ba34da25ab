package org.openhorde.interrogations.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** interrogation-service's knobs; the defaults are the AI Horde's. */
@ConfigMapping(prefix = "horde.interrogations")
public interface InterrogationConfig {

    /** A popped form not delivered within this goes back to the queue (AI Horde: 3 minutes). */
    @WithDefault("3m")
    Duration giveBackAfter();

    /** A form faults when it is aborted again after more give-backs than this (AI Horde: more than 2). */
    @WithDefault("2")
    int maxGiveBacks();

    /** An interrogation untouched (no pop, no delivery) this long expires and is deleted (AI Horde: 20 minutes). */
    @WithDefault("20m")
    Duration expiry();

    /** How often give-backs and expiry are swept (the AI Horde: every 60 s). */
    @WithDefault("10s")
    Duration sweepInterval();

    /** How long a caption/nsfw/interrogation result of a URL source is reused (AI Horde: 5 days). */
    @WithDefault("5d")
    Duration resultCacheTtl();

    /** ...and a post-processor's, whose image lives shorter (AI Horde: 90 minutes). */
    @WithDefault("90m")
    Duration postProcessorCacheTtl();

    /** The most forms one pop hands out. */
    @WithDefault("20")
    int maxPopAmount();

    /**
     * A worker whose mean seconds per form is this or more is slow: requests with {@code slow_workers=false} skip it
     * (AI Horde: 10 seconds per form).
     */
    @WithDefault("10")
    double slowWorkerSecondsPerForm();

    /** How many of a worker's latest forms its mean is taken over (AI Horde: 20). */
    @WithDefault("20")
    int speedSamples();
}
