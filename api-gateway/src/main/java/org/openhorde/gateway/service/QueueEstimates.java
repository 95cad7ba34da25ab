package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * {@code queue_position}, {@code wait_time} and {@code is_possible} for {@code check}/{@code status}: job-service's
 * estimate from its queue snapshot, reused for {@code estimate-cache} so that a client polling hard costs one
 * internal call per second at most, and shared by concurrent polls of the same request. When job-service cannot
 * answer in time, the request's read model is still served, with the neutral 0/0/true (cached too, so an outage does
 * not cost every poll a timeout).
 */
@ApplicationScoped
public class QueueEstimates {

    private static final Logger LOG = Logger.getLogger(QueueEstimates.class);
    /** Bounds the cache; past it, the cache starts over (entries live about a second anyway). */
    private static final int MAX_ENTRIES = 200_000;

    private record Entry(Uni<RequestEstimate> estimate, long expiresAtNanos) {
    }

    private final JobService jobs;
    private final GatewayConfig config;
    private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();

    QueueEstimates(@RestClient JobService jobs, GatewayConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    public Uni<RequestEstimate> estimate(UUID requestId) {
        long now = System.nanoTime();
        Entry entry = cache.get(requestId);
        if (entry == null || entry.expiresAtNanos() - now < 0) {
            if (cache.size() > MAX_ENTRIES) {
                cache.clear();
            }
            entry = cache.compute(requestId, (id, current) -> current != null && current.expiresAtNanos() - now >= 0
                    ? current : new Entry(fetch(id), now + config.estimateCache().toNanos()));
        }
        return entry.estimate();
    }

    private Uni<RequestEstimate> fetch(UUID requestId) {
        return jobs.estimate(requestId.toString())
                .ifNoItem().after(config.estimateTimeout()).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("no queue estimate for %s: %s", requestId, failure.toString());
                    return RequestEstimate.UNKNOWN;
                })
                .memoize().indefinitely();
    }
}
