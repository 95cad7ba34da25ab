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

    /** The longest a client waits for Kafka to acknowledge its request before it gets 503 and may retry. */
    @WithDefault("PT15S")
    Duration submitAckTimeout();

    /** Where the InvalidAPIKey message tells people to get a key. */
    @WithDefault("/api/v2/register")
    String registerUrl();
}
