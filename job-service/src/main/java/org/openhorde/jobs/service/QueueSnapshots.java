package org.openhorde.jobs.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.QueueInsight;
import org.openhorde.jobs.repository.QueueInsightRepository;

/**
 * The queue as seen every {@code horde.jobs.queue-snapshot-interval}: each waiting request's position, expected wait
 * and whether an online worker can serve it, plus the horde's and every model's figures. Clients poll {@code check}
 * far more often than the queue changes meaningfully, so they read this snapshot from memory instead of each poll
 * walking the queue in the database.
 */
@ApplicationScoped
public class QueueSnapshots {

    private static final Logger LOG = Logger.getLogger(QueueSnapshots.class);

    private record Snapshot(Map<UUID, RequestEstimate> estimates, HordeQueueStatus status) {
    }

    private final Pool pool;
    private final QueueInsightRepository insight;
    private final JobsConfig config;
    private volatile Snapshot latest = new Snapshot(Map.of(),
            new HordeQueueStatus(0, 0, 0, 0, 0, List.of(), Instant.EPOCH));

    QueueSnapshots(Pool pool, QueueInsightRepository insight, JobsConfig config) {
        this.pool = pool;
        this.insight = insight;
        this.config = config;
    }

    public RequestEstimate estimate(UUID requestId) {
        return latest.estimates().getOrDefault(requestId, RequestEstimate.UNKNOWN);
    }

    public HordeQueueStatus status() {
        return latest.status();
    }

    @Scheduled(every = "${horde.jobs.queue-snapshot-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return take().invoke(snapshot -> latest = snapshot)
                .onFailure().invoke(e -> LOG.warnf("queue snapshot failed, keeping the previous one: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Takes a snapshot now (the scheduler's work; tests call it to avoid waiting for the next tick). */
    public Uni<Void> refreshNow() {
        return take().invoke(snapshot -> latest = snapshot).replaceWithVoid();
    }

    private Uni<Snapshot> take() {
        Instant takenAt = Instant.now();
        // One read-only transaction, so that queue, holds and workers are seen at one instant (repeatable read).
        return pool.withTransaction(conn -> conn.query("set transaction isolation level repeatable read, read only")
                .execute()
                .flatMap(ignored -> insight.queue(conn))
                .flatMap(queue -> insight.held(conn)
                        .flatMap(held -> insight.online(conn, config.workerOnlineWindow())
                                .flatMap(workers -> insight.speeds(conn, config.performanceWindow())
                                        .map(pace -> {
                                            QueueInsight.Result result = QueueInsight.compute(queue, held, workers,
                                                    pace.speeds());
                                            HordeQueueStatus status = new HordeQueueStatus(
                                                    result.waitingImages() + result.heldImages(),
                                                    result.workerCount(), result.threadCount(),
                                                    result.queuedMegapixelsteps(), pace.pastMinuteMegapixelsteps(),
                                                    result.models(), takenAt);
                                            return new Snapshot(result.estimates(), status);
                                        })))));
    }
}
