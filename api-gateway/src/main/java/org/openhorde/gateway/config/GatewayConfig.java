package org.openhorde.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The gateway's knobs. It owns nothing durable: only Redis read models, so only their lifetimes live here. */
@ConfigMapping(prefix = "horde.gateway")
public interface GatewayConfig {

    /** Prefix of every Redis key, environment first, so that test data never collides with a running horde. */
    String redisKeyPrefix();

    /**
     * How long a request stays readable after its last event. The AI Horde keeps a request 20 minutes after its
     * last activity and then answers 404.
     */
    @WithDefault("PT20M")
    Duration requestRetention();

    /**
     * The longest one attempt to hand a request to job-service may take. An attempt that times out is retried with
     * the same request (job-service's intake is idempotent on it), so a commit whose answer was lost still ends in
     * 202.
     */
    @WithDefault("PT5S")
    Duration intakeTimeout();

    /** Attempts to hand a request to job-service before the client gets 503 (and the request is cancelled). */
    @WithDefault("3")
    int intakeAttempts();

    /**
     * How long an unfinished image counts against its user's concurrency limit when its completion never arrives.
     * Longer than a request can live (job-service's request time to live, 20 minutes after the last activity), so
     * it only ever frees a slot that leaked.
     */
    @WithDefault("PT30M")
    Duration concurrencySlotLifetime();

    /**
     * The side of the largest square image that needs no kudos in hand (AI Horde: up to 1024, less when its queue
     * is long; this horde uses the ceiling).
     */
    @WithDefault("1024")
    int upfrontMaxResolution();

    /** The most steps (second-order samplers count double) that need no kudos in hand (AI Horde default: 40). */
    @WithDefault("40")
    int upfrontMaxSteps();

    /** Where the InvalidAPIKey message tells people to get a key. */
    @WithDefault("/api/v2/register")
    String registerUrl();

    /**
     * How long a request's queue estimate ({@code queue_position}, {@code wait_time}, {@code is_possible}) is reused
     * before job-service is asked again. job-service retakes its queue snapshot every 2 s; clients poll much faster.
     */
    @WithDefault("PT1S")
    Duration estimateCache();

    /** The longest {@code check} waits for job-service's estimate before it answers from the read model alone. */
    @WithDefault("PT0.3S")
    Duration estimateTimeout();

    /** How long {@code /status/models} and {@code /status/performance} reuse job-service's figures. */
    @WithDefault("PT2S")
    Duration statusCache();

    /** How long {@code /stats/img/*} reuse job-service's statistics (the AI Horde caches them 50 s). */
    @WithDefault("PT50S")
    Duration statsCache();

    /** How long a gateway trusts its last look at the horde modes (maintenance) before reading Redis again. */
    @WithDefault("PT1S")
    Duration modesCache();

    /**
     * How long the gateway remembers that an interrogation id exists (refreshed by every status answer that finds
     * it). Polls of ids it does not remember are 404 without asking interrogation-service, which keeps the GenAlt
     * flood of polls for expired interrogations away from the database. Longer than an interrogation lives untouched
     * (20 minutes), so it never forgets a live one.
     */
    @WithDefault("PT40M")
    Duration knownInterrogationTtl();

    /** How long an interrogation form counts against its user's concurrency when its end is never seen. */
    @WithDefault("PT20M")
    Duration interrogationSlotLifetime();

    /**
     * How many anonymous interrogation intakes (source check and store, then the commit) the gateway lets through to
     * storage-service and interrogation-service at once; the others wait their turn in the gateway, so that a flood
     * of them does not fill the queues registered users' interrogations go through
     * (docs/decisions/0020-flood-isolation.md). One wide since 0039: measured against 4, registered users' loaded
     * latencies were several times lower and the anonymous ones no higher (docs/decisions/0039-flood-latency.md).
     */
    @WithDefault("1")
    int anonymousIntakeLaneWidth();

    /**
     * The least time between the starts of two anonymous interrogation intakes in this gateway ({@code 0s}: as fast
     * as they complete). The lane's width bounds how many run at once but not how much of the machine a flood takes:
     * one intake after the other still keeps every core busy, with the pops, submits and settlements each accepted
     * intake brings later; the spacing bounds the flood's work to a rate (docs/decisions/0052-anonymous-intake-pace.md:
     * at 0.2 s, 5 a second, the registered users' p50 latencies stayed within 2× of their unloaded ones on 2 cores).
     */
    @WithDefault("PT0.2S")
    Duration anonymousIntakeSpacing();

    /**
     * The longest an anonymous intake waits in the gateway for its start: the lane's backlog holds only what starts
     * within this time, and anonymous intakes beyond it are refused with 429 {@code TooManyPrompts} at once.
     * Unused when the spacing is {@code 0s} (then the backlog is unbounded, held back by the concurrency only).
     */
    @WithDefault("PT10S")
    Duration anonymousIntakeMaxWait();

    /**
     * How long the gateway remembers that the anonymous user had every concurrency slot taken, and refuses further
     * anonymous interrogations with 429 {@code TooManyPrompts} before reading their body or asking Redis
     * (docs/decisions/0039-flood-latency.md); {@code 0s} always asks Redis.
     */
    @WithDefault("PT1S")
    Duration anonymousFullHold();

    /**
     * Whether a poll of an interrogation id this horde does not know is answered 404 by a plain route in front of
     * RESTEasy (one Redis read, no resource dispatch, no exception mapping); {@code false} leaves every poll to the
     * resource (docs/decisions/0039-flood-latency.md).
     */
    @WithDefault("true")
    boolean unknownInterrogationFastPath();

    /**
     * How long the gateway holds its 404 to a poll of an interrogation id it does not know before sending it, so that
     * a client polling ids that expired or never existed in a loop (the GenAlt story) polls at most about once per
     * this time on each connection instead of as fast as the 404s come back; {@code 0s} answers at once
     * (docs/decisions/0060-unknown-ids-answered-late.md). A waiting answer holds only its connection and a timer.
     */
    @WithDefault("PT1S")
    Duration unknownInterrogationAnswerDelay();

    /**
     * The most 404s to unknown interrogation ids the gateway holds back at once; beyond it they are answered at once,
     * so that a client opening connection after connection cannot make the gateway hold an unbounded number.
     */
    @WithDefault("10000")
    int unknownInterrogationAnswersHeldAtMost();

    /**
     * Whether {@code GET /generate/check/{id}} of a request this gateway holds in memory is answered by a plain Vert.x
     * route in front of RESTEasy (the same body, no resource dispatch, no Jackson, no exception mapping); {@code false}
     * leaves every check to the resource (docs/decisions/0051-check-ahead-of-resteasy.md).
     */
    @WithDefault("true")
    boolean checkFastPath();
}
