package org.openhorde.interrogations.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openhorde.interrogations.repository.InterrogationRepository;
import org.openhorde.interrogations.repository.InterrogationRepository.FormRow;

/**
 * The lifecycle the AI Horde runs every 60 s: forms their worker did not deliver in time go back to the queue (or
 * fault), interrogations nobody touched expire, stale cache entries go. Replicas share the work through
 * {@code SKIP LOCKED}.
 */
@ApplicationScoped
public class InterrogationSweeper {

    private static final Logger LOG = Logger.getLogger(InterrogationSweeper.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final InterrogationRepository repository;
    private final Interrogations interrogations;

    InterrogationSweeper(Pool pool, InterrogationRepository repository, Interrogations interrogations) {
        this.pool = pool;
        this.repository = repository;
        this.interrogations = interrogations;
    }

    @Scheduled(every = "${horde.interrogations.sweep-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return sweepOnce().onFailure().invoke(e -> LOG.warnf("interrogation sweep failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One sweep: give-backs first (so an expiring interrogation's forms are not handed out again), then expiry. */
    public Uni<Integer> sweepOnce() {
        return pool.withTransaction(conn -> repository.lockOverdue(conn, BATCH).flatMap(overdue -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (FormRow form : overdue) {
                        chain = chain.chain(() -> interrogations.abort(conn, form));
                    }
                    return chain.replaceWith(overdue.size());
                }))
                .flatMap(givenBack -> pool.withTransaction(conn -> repository.deleteExpired(conn, BATCH)
                        .call(() -> repository.deleteExpiredCache(conn)))
                        .map(expired -> givenBack + expired));
    }
}
