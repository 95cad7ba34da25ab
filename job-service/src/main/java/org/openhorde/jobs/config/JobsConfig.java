package org.openhorde.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The job-service's business knobs. Defaults are the AI Horde's. */
@ConfigMapping(prefix = "horde.jobs")
public interface JobsConfig {

    /** How long a request waits for its images before it expires (AI Horde: 20 minutes). */
    @WithDefault("20m")
    Duration requestTtl();

    /**
     * How long a text request waits for its generations before it expires (AI Horde: 20 minutes, as for images); its
     * own knob so that a shared test horde can watch text requests expire without shortening image requests' lives.
     */
    @WithDefault("20m")
    Duration textRequestTtl();

    /** How long a scribe may hold a claimed text job (AI Horde: a flat 150 s for text). */
    @WithDefault("150")
    int textJobTtlSeconds();

    /** A claimed job's time to live starts from this many seconds (AI Horde: 30)... */
    @WithDefault("30")
    int jobTtlBaseSeconds();

    /** ...and is never shorter than this (AI Horde: 150). */
    @WithDefault("150")
    int jobTtlMinimumSeconds();

    /** The most images one pop may claim (AI Horde: {@code amount} 1–20). */
    @WithDefault("20")
    int maxPopAmount();

    /** A worker is online when it checked in within this window (AI Horde: 300 s). */
    @WithDefault("300s")
    Duration workerOnlineWindow();

    /** How often the waiting-jobs gauge is recounted. */
    @WithDefault("10s")
    Duration queueGaugeRefresh();

    /** A request faults once its jobs were given back more often than this (AI Horde: more than 2). */
    @WithDefault("2")
    int maxAbortsPerRequest();

    /** How often overdue claims, faulting requests and expired requests are looked for. */
    @WithDefault("5s")
    Duration reaperInterval();

    /** How many overdue claims or ending requests one reaper pass handles per kind. */
    @WithDefault("200")
    int reaperBatchSize();

    /**
     * How fast a waiting request's priority grows, in centikudos per second (AI Horde: +50 kudos every 10 s), so
     * that nobody starves: even the anonymous user's −50 overtakes a new 0-kudos request after 10 s.
     */
    @WithDefault("500")
    long priorityAgingPerSecond();

    /**
     * Every this much uptime earns the worker's owner an uptime reward (AI Horde: 600 s). Uptime only grows while the
     * worker checks in within {@link #workerOnlineWindow()} of its previous check-in and is neither paused nor in
     * maintenance.
     */
    @WithDefault("600s")
    Duration uptimeRewardInterval();

    /**
     * The most workers an owner who is not trusted may run (AI Horde: a new worker is refused once such an owner has
     * more than 3, 403 {@code TooManyWorkers}).
     */
    @WithDefault("4")
    int maxWorkersUntrusted();

    /**
     * The most workers a trusted owner may run (AI Horde: a new worker is refused once any owner has more than 20,
     * 403 {@code TooManyWorkersTrusted}; its per-user invite override has no counterpart here).
     */
    @WithDefault("21")
    int maxWorkersTrusted();

    /**
     * How often the queue snapshot behind {@code check}'s {@code queue_position}, {@code wait_time} and
     * {@code is_possible} and behind {@code /status/models} and {@code /status/performance} is retaken.
     */
    @WithDefault("2s")
    Duration queueSnapshotInterval();

    /** How far back deliveries count for a thread's measured speed (wait times, model performance). */
    @WithDefault("10m")
    Duration performanceWindow();

    /**
     * How long a pop may show a worker's messages from memory before they are read again: every pop carries its
     * worker's active messages, and reading them per pop would cost a query on the hottest path. A message written
     * through another replica reaches pops within this; one written through this replica at once.
     */
    @WithDefault("10s")
    Duration workerMessagesRefresh();
}
