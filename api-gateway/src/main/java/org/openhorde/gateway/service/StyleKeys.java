package org.openhorde.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.JobStyles;
import org.openhorde.gateway.config.KeyCacheConfig;

/**
 * Which shared keys pay for styles (job-service keeps the link on the style, decision 0044). A key assigned to any
 * style is refused as an apikey, so each direct use of a shared key asks; the answer is cached as briefly as a
 * shared key's budget ({@code balance-max-age}), and forgotten at once here when this gateway assigns the key.
 */
@ApplicationScoped
public class StyleKeys {

    private static final Logger LOG = Logger.getLogger(StyleKeys.class);

    private final JobStyles styles;
    private final Cache<UUID, Boolean> assigned;

    StyleKeys(@RestClient JobStyles styles, KeyCacheConfig config) {
        this.styles = styles;
        this.assigned = Caffeine.newBuilder().maximumSize(config.maximumSize())
                .expireAfterWrite(config.balanceMaxAge()).build();
    }

    /** Whether the key pays for at least one style. */
    public Uni<Boolean> assigned(UUID keyId) {
        Boolean known = assigned.getIfPresent(keyId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return styles.stylesOfKey(keyId).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .map(ids -> !ids.isEmpty())
                .invoke(answer -> assigned.put(keyId, answer));
    }

    /** The key was just assigned (or detached): the next use asks job-service again. */
    public void forget(UUID keyId) {
        assigned.invalidate(keyId);
    }

    /**
     * The key was deleted: no style keeps it. Best effort: a style left with the id of a deleted key pays nothing
     * (the key is not found, so the requester pays) and shows no key; the next deletion or a retry cleans it.
     */
    public Uni<Void> detach(UUID keyId) {
        forget(keyId);
        return styles.detachKey(keyId).onFailure().retry().atMost(2)
                .onFailure().invoke(e -> LOG.warnf("shared key %s not detached from its styles: %s", keyId,
                        e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
