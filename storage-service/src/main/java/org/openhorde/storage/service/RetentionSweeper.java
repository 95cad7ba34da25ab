package org.openhorde.storage.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.repository.RequestRepository;
import org.openhorde.storage.repository.RetainedObjectRepository;
import org.openhorde.storage.repository.RetainedObjectRepository.DueObject;

/**
 * Deletes transient objects (generations, sources) whose retention ended, and forgets requests one retention later.
 * The rows of a batch stay locked while their objects are deleted and go only when every delete succeeded, so an
 * unreachable store leaves them for the next sweep. Only the generations and sources buckets are ever named here:
 * the shared dataset is permanent.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

    private final Pool pool;
    private final ObjectStore store;
    private final RetainedObjectRepository retained;
    private final RequestRepository requests;
    private final StorageConfig config;
    private final MeterRegistry metrics;

    RetentionSweeper(Pool pool, ObjectStore store, RetainedObjectRepository retained, RequestRepository requests,
                     StorageConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.store = store;
        this.retained = retained;
        this.requests = requests;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${horde.storage.retention-sweep:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return sweepBatch()
                .onFailure().invoke(e -> LOG.warnf("retention sweep failed, the next one retries: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .replaceWithVoid();
    }

    /** Deletes one batch of due objects; returns how many. */
    public Uni<Integer> sweepBatch() {
        List<String> transientBuckets = List.of(config.buckets().generations(), config.buckets().sources());
        return pool.withTransaction(conn -> retained.lockDue(conn, transientBuckets, config.retentionBatchSize())
                        .flatMap(due -> delete(due).chain(() -> retained.forget(conn, due)).replaceWith(due.size())))
                .call(deleted -> pool.withTransaction(conn -> requests.deleteExpired(conn, config.retention())))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        metrics.counter("horde.storage.retention.deleted").increment(deleted);
                        LOG.debugf("retention deleted %d transient objects", deleted);
                    }
                });
    }

    private Uni<Void> delete(List<DueObject> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Sequential: a sweep is background work and must not crowd out the workers' uploads.
        List<Uni<Void>> deletes = due.stream().map(o -> store.remove(o.bucket(), o.objectKey())).toList();
        return Uni.join().all(deletes).usingConcurrencyOf(1).andFailFast().replaceWithVoid();
    }
}
