package org.openhorde.gateway.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * The horde's modes ({@code /status/modes}). Only maintenance is implemented: while it is on, new image requests are
 * refused with the AI Horde's 400 {@code MaintenanceMode}; requests already queued keep being served and workers
 * keep popping and submitting. The flag lives in Redis so that every gateway replica sees it; each replica rereads it
 * at most once per {@code modes-cache}.
 */
@ApplicationScoped
public class HordeModes {

    private static final Logger LOG = Logger.getLogger(HordeModes.class);

    public record Modes(boolean maintenance, boolean inviteOnly, boolean raid) {
    }

    private final ReactiveValueCommands<String, String> values;
    private final String key;
    private final long cacheNanos;
    private volatile boolean maintenance;
    private volatile long readAtNanos;
    private volatile boolean everRead;

    HordeModes(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class, String.class);
        this.key = config.redisKeyPrefix() + "modes:maintenance";
        this.cacheNanos = config.modesCache().toNanos();
    }

    public Uni<Modes> current() {
        long now = System.nanoTime();
        if (everRead && now - readAtNanos < cacheNanos) {
            return Uni.createFrom().item(new Modes(maintenance, false, false));
        }
        return values.get(key)
                .map(value -> {
                    maintenance = "true".equals(value);
                    readAtNanos = now;
                    everRead = true;
                    return new Modes(maintenance, false, false);
                })
                .onFailure().recoverWithItem(failure -> {
                    // Redis down: keep the last known mode rather than refusing or admitting everything blindly.
                    LOG.warnf("horde modes unreadable, keeping the last known: %s", failure.toString());
                    return new Modes(maintenance, false, false);
                });
    }

    /** Fails with 400 MaintenanceMode while the horde is in maintenance. */
    public Uni<Void> refuseNewRequestsInMaintenance() {
        return current().invoke(modes -> {
            if (modes.maintenance()) {
                throw new HordeException(Rc.MaintenanceMode,
                        "Horde is in maintenance mode and is not accepting new requests. Please try again later.");
            }
        }).replaceWithVoid();
    }

    /** Sets maintenance on or off; only an admin (the operator) may. */
    public Uni<Modes> setMaintenance(UserAccount caller, boolean on) {
        if (!caller.admin()) {
            return Uni.createFrom().failure(new HordeException(Rc.NotAdmin,
                    "Only an admin can change the horde's maintenance mode."));
        }
        return values.set(key, Boolean.toString(on))
                .onFailure().transform(failure -> new HordeException(Rc.ServiceUnavailable,
                        "The horde modes cannot be stored right now; please retry in a moment."))
                .invoke(() -> {
                    maintenance = on;
                    readAtNanos = System.nanoTime();
                    everRead = true;
                    LOG.infof("maintenance mode %s by %s#%d", on ? "on" : "off", caller.username(), caller.id());
                })
                .replaceWith(new Modes(on, false, false));
    }
}
