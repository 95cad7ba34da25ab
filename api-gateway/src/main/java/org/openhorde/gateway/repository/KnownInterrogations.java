package org.openhorde.gateway.repository;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * Which interrogation ids exist, in Redis: written at intake and refreshed by every status answer that finds one,
 * forgotten when interrogation-service says 404. A poll for an id not remembered here is answered 404 at once, so
 * the polls of expired or invented ids (the GenAlt flood) never reach the database.
 */
@ApplicationScoped
public class KnownInterrogations {

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    KnownInterrogations(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.config = config;
    }

    public Uni<Void> remember(UUID id) {
        return values.setex(key(id), config.knownInterrogationTtl().toSeconds(), "1");
    }

    public Uni<Boolean> known(UUID id) {
        return values.get(key(id)).map(value -> value != null);
    }

    public Uni<Void> forget(UUID id) {
        return redis.key().del(key(id)).replaceWithVoid();
    }

    private String key(UUID id) {
        return config.redisKeyPrefix() + "interrogation:" + id;
    }
}
