package org.openhorde.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The gateway's cache of verified API keys (see {@code VerifiedKeys} and decision 0014). Kept apart from
 * {@link GatewayConfig} because it is one self-contained mechanism with its own prefix.
 */
@ConfigMapping(prefix = "horde.gateway.key-cache")
public interface KeyCacheConfig {

    /** Off = every call asks kudos-service, as before the cache existed. */
    @WithDefault("true")
    boolean enabled();

    /** Most keys held at once; beyond it the least useful are dropped (they are simply verified again). */
    @WithDefault("100000")
    long maximumSize();

    /**
     * The safety net: a key is verified with kudos-service again at least this often, whatever the events say. Only
     * a lost {@code UserChanged} event makes it matter; it bounds how long such a loss can keep a stale trust or an
     * old key alive.
     */
    @WithDefault("PT1M")
    Duration timeToLive();

    /**
     * How old the cached account (its kudos balance above all, which changes with every job) may get before it is
     * re-read from kudos-service in the background. Calls meanwhile use the last known account, so no call waits.
     */
    @WithDefault("PT2S")
    Duration balanceMaxAge();
}
