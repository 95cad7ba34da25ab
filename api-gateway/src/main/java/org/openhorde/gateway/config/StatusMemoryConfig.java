package org.openhorde.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's memory of requests' progress, which answers {@code check} and {@code status} without a Redis round
 * trip (see {@code RememberedRequests} and decision 0018).
 */
@ConfigMapping(prefix = "horde.gateway.status-memory")
public interface StatusMemoryConfig {

    /** Off = every {@code check} reads Redis, as before the memory existed. */
    @WithDefault("true")
    boolean enabled();

    /** Most requests remembered at once; a forgotten one is read from Redis again on its next {@code check}. */
    @WithDefault("200000")
    long maximumSize();

    /**
     * Whether a request that is not done yet is answered from memory too. Right for one gateway, or for replicas
     * behind a balancer that sends a request's calls to one replica: every change of the read model passes through
     * the replica's own writes or the events it consumes. With replicas that share Redis but not their calls, a worker's
     * submit on one replica is visible on another only when the event arrives (tens of milliseconds); set this to
     * false there, and only finished requests (which never change again) are answered from memory, the others from
     * Redis, where the submitting replica wrote them before answering (decision 0015).
     */
    @WithDefault("true")
    boolean unfinishedFromMemory();
}
