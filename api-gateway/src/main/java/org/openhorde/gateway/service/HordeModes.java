package org.openhorde.gateway.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * The horde's modes ({@code /status/modes}): maintenance, invite-only and raid, as the AI Horde's. Only maintenance
 * is enforced yet: while it is on, new image requests are refused with the AI Horde's 400 {@code MaintenanceMode};
 * requests already queued keep being served and workers keep popping and submitting. Invite-only and raid are stored
 * and reported so that operators can set them; what they restrict comes with a later issue. The flags live in Redis
 * so that every gateway replica sees them; each replica rereads them at most once per {@code modes-cache}.
 */
@ApplicationScoped
public class HordeModes {

    private static final Logger LOG = Logger.getLogger(HordeModes.class);

    public record Modes(boolean maintenance, boolean inviteOnly, boolean raid) {
    }

    /** A change of the modes; a null field stays as it is. */
    public record ModesChange(Boolean maintenance, Boolean inviteOnly, Boolean raid) {
    }

    private final ReactiveValueCommands<String, String> values;
    private final String maintenanceKey;
    private final String inviteOnlyKey;
    private final String raidKey;
    private final long cacheNanos;
    private volatile Modes modes = new Modes(false, false, false);
    private volatile long readAtNanos;
    private volatile boolean everRead;

    HordeModes(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class, String.class);
        this.maintenanceKey = config.redisKeyPrefix() + "modes:maintenance";
        this.inviteOnlyKey = config.redisKeyPrefix() + "modes:invite_only";
        this.raidKey = config.redisKeyPrefix() + "modes:raid";
        this.cacheNanos = config.modesCache().toNanos();
    }

    public Uni<Modes> current() {
        long now = System.nanoTime();
        if (everRead && now - readAtNanos < cacheNanos) {
            return Uni.createFrom().item(modes);
        }
        return values.mget(maintenanceKey, inviteOnlyKey, raidKey)
                .map(stored -> {
                    modes = new Modes("true".equals(stored.get(maintenanceKey)),
                            "true".equals(stored.get(inviteOnlyKey)), "true".equals(stored.get(raidKey)));
                    readAtNanos = now;
                    everRead = true;
                    return modes;
                })
                .onFailure().recoverWithItem(failure -> {
                    // Redis down: keep the last known modes rather than refusing or admitting everything blindly.
                    LOG.warnf("horde modes unreadable, keeping the last known: %s", failure.toString());
                    return modes;
                });
    }

    /** Fails with 400 MaintenanceMode while the horde is in maintenance. */
    public Uni<Void> refuseNewRequestsInMaintenance() {
        return current().invoke(current -> {
            if (current.maintenance()) {
                throw new HordeException(Rc.MaintenanceMode,
                        "Horde is in maintenance mode and is not accepting new requests. Please try again later.");
            }
        }).replaceWithVoid();
    }

    /**
     * Changes the modes. As in the AI Horde, maintenance and invite-only are the admin's (the operator's); raid mode
     * may also be switched by a moderator. Asking for no change still requires one of those roles.
     */
    public Uni<Modes> change(UserAccount caller, ModesChange change) {
        boolean adminOnly = change.maintenance() != null || change.inviteOnly() != null || change.raid() == null;
        if (adminOnly ? !caller.admin() : !(caller.admin() || caller.moderator())) {
            return Uni.createFrom().failure(adminOnly
                    ? new HordeException(Rc.NotAdmin, "Only an admin can change the horde's modes.")
                    : new HordeException(Rc.NotModerator, "Only a moderator can change the horde's raid mode."));
        }
        Map<String, String> writes = new LinkedHashMap<>();
        if (change.maintenance() != null) {
            writes.put(maintenanceKey, change.maintenance().toString());
        }
        if (change.inviteOnly() != null) {
            writes.put(inviteOnlyKey, change.inviteOnly().toString());
        }
        if (change.raid() != null) {
            writes.put(raidKey, change.raid().toString());
        }
        if (writes.isEmpty()) {
            return current();
        }
        return values.mset(writes)
                .onFailure().transform(failure -> new HordeException(Rc.ServiceUnavailable,
                        "The horde modes cannot be stored right now; please retry in a moment."))
                .map(stored -> {
                    Modes before = modes;
                    modes = new Modes(orElse(change.maintenance(), before.maintenance()),
                            orElse(change.inviteOnly(), before.inviteOnly()), orElse(change.raid(), before.raid()));
                    readAtNanos = System.nanoTime();
                    everRead = true;
                    LOG.infof("horde modes set to %s by %s#%d", modes, caller.username(), caller.id());
                    return modes;
                });
    }

    private static boolean orElse(Boolean value, boolean otherwise) {
        return value != null ? value : otherwise;
    }
}
