package org.openhorde.jobs.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.EstimateTable;
import org.openhorde.jobs.domain.QueueInsight;
import org.openhorde.jobs.domain.TextQueueInsight;
import org.openhorde.jobs.repository.QueueInsightRepository;

/**
 * The queue as seen every {@code horde.jobs.queue-snapshot-interval}: each waiting request's position, expected wait
 * and whether an online worker can serve it, plus the horde's and every model's figures. Clients poll {@code check}
 * far more often than the queue changes meaningfully, so they read this snapshot from memory instead of each poll
 * walking the queue in the database.
 *
 * <p>A snapshot reads the whole queue, so its cost grows with the queue (about a second at 100,000 waiting on two
 * cores). Two rules keep it from slowing the pops it shares the machine with: the rows are turned into estimates on a
 * worker thread, never on the event loop that serves pops; and the next snapshot waits at least
 * {@value #PAUSE_PER_SNAPSHOT_TIME} times as long as the last one took, so snapshots never use more than a tenth of the
 * time, whatever the depth (at 100,000 waiting, estimates are then a few seconds older).
 */
@ApplicationScoped
public class QueueSnapshots {

    private static final Logger LOG = Logger.getLogger(QueueSnapshots.class);

    /** The pause after a snapshot, in multiples of the time it took. */
    static final int PAUSE_PER_SNAPSHOT_TIME = 9;

    private record Snapshot(EstimateTable estimates, EstimateTable textEstimates, HordeQueueStatus status,
                            long waitingImages, QueueInsightRepository.OperatorFigures figures) {
    }

    /** The worker types the {@code horde_jobs_workers_online} gauge reports (job-service's {@code worker_type}s). */
    static final List<String> WORKER_TYPES = List.of("image", "interrogation", "text");

    /** What one snapshot transaction read, before any of it is computed. */
    private record Reading(List<QueueInsightRepository.QueuedRow> queue, RowSet<Row> needs, List<QueueInsight.HeldImage> held,
                           List<QueueInsight.OnlineWorker> workers, QueueInsightRepository.SpeedsAndPace pace,
                           TextReading text, QueueInsightRepository.OperatorFigures figures) {
    }

    /** The text side of one snapshot transaction (decision 0031). */
    private record TextReading(List<TextQueueInsight.QueuedText> queue, List<TextQueueInsight.HeldText> held,
                               List<TextQueueInsight.OnlineScribe> scribes, QueueInsightRepository.TextPace pace) {
    }

    private final Pool pool;
    private final QueueInsightRepository insight;
    private final JobsConfig config;
    private final Timer duration;
    private volatile Snapshot latest = new Snapshot(EstimateTable.empty(), EstimateTable.empty(),
            new HordeQueueStatus(0, 0, 0, 0, 0, List.of(), Instant.EPOCH, 0, 0, 0, List.of()), 0,
            new QueueInsightRepository.OperatorFigures(0, Map.of()));
    private volatile long notBeforeNanos = System.nanoTime();

    QueueSnapshots(Pool pool, QueueInsightRepository insight, JobsConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.insight = insight;
        this.config = config;
        this.duration = Timer.builder("horde_jobs_queue_snapshot_seconds")
                .description("How long a queue snapshot took, from its read to its estimates")
                .register(metrics);
        // From the snapshot rather than a count of its own: counting the waiting images is a read of the whole queue.
        Gauge.builder("horde_jobs_waiting", this, QueueSnapshots::waitingImages)
                .description("Images waiting for a worker, at the latest queue snapshot")
                .register(metrics);
        // Every replica takes its own snapshot of the one queue: the dashboard shows their max(), not their sum.
        Gauge.builder("horde_jobs_oldest_waiting_seconds", this, s -> s.latest.figures().oldestWaitingSeconds())
                .description("Age of the oldest image waiting for a worker, at the latest queue snapshot")
                .register(metrics);
        for (String type : WORKER_TYPES) {
            Gauge.builder("horde_jobs_workers_online", this,
                            s -> s.latest.figures().onlineWorkersByType().getOrDefault(type, 0L))
                    .tag("type", type)
                    .description("Workers checked in within the online window, by type, at the latest queue snapshot")
                    .register(metrics);
        }
    }

    public RequestEstimate estimate(UUID requestId) {
        Snapshot snapshot = latest;
        RequestEstimate estimate = snapshot.estimates().get(requestId);
        if (estimate == null) {
            estimate = snapshot.textEstimates().get(requestId);
        }
        return estimate == null ? RequestEstimate.UNKNOWN : estimate;
    }

    /** Images waiting for a worker at the latest snapshot (the {@code horde_jobs_waiting} gauge). */
    public long waitingImages() {
        return latest.waitingImages();
    }

    public HordeQueueStatus status() {
        return latest.status();
    }

    @Scheduled(every = "${horde.jobs.queue-snapshot-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        if (System.nanoTime() - notBeforeNanos < 0) {
            return Uni.createFrom().voidItem();
        }
        return refreshNow()
                .onFailure().invoke(e -> LOG.warnf("queue snapshot failed, keeping the previous one: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Takes a snapshot now (the scheduler's work; tests call it to avoid waiting for the next tick). */
    public Uni<Void> refreshNow() {
        long start = System.nanoTime();
        return take().invoke(snapshot -> {
            latest = snapshot;
            long took = System.nanoTime() - start;
            duration.record(took, TimeUnit.NANOSECONDS);
            notBeforeNanos = System.nanoTime() + PAUSE_PER_SNAPSHOT_TIME * took;
        }).replaceWithVoid();
    }

    private Uni<Snapshot> take() {
        Instant takenAt = Instant.now();
        // One read-only transaction, so that queue, holds and workers are seen at one instant (repeatable read).
        return pool.withTransaction(conn -> conn.query("set transaction isolation level repeatable read, read only")
                        .execute()
                        // The queue is sorted into pop order: in memory, not through temporary files, at any depth.
                        .flatMap(ignored -> conn.query("set local work_mem = '64MB'").execute())
                        .flatMap(ignored -> insight.queue(conn))
                        .flatMap(queue -> insight.needs(conn)
                                .flatMap(needs -> insight.held(conn)
                                .flatMap(held -> insight.online(conn, config.workerOnlineWindow())
                                        .flatMap(workers -> insight.speeds(conn, config.performanceWindow())
                                                .flatMap(pace -> readText(conn)
                                                        .flatMap(text -> insight.operatorFigures(conn,
                                                                        config.workerOnlineWindow())
                                                                .map(figures -> new Reading(queue, needs, held,
                                                                        workers, pace, text, figures)))))))))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(reading -> compute(reading, takenAt));
    }

    private Uni<TextReading> readText(SqlConnection conn) {
        return insight.textQueue(conn)
                .flatMap(queue -> insight.textHeld(conn)
                        .flatMap(held -> insight.onlineScribes(conn, config.workerOnlineWindow())
                                .flatMap(scribes -> insight.textPace(conn, config.performanceWindow())
                                        .map(pace -> new TextReading(queue, held, scribes, pace)))));
    }

    private static Snapshot compute(Reading reading, Instant takenAt) {
        QueueInsight.Result result = QueueInsight.compute(
                QueueInsightRepository.queuedRequests(reading.queue(), reading.needs()),
                reading.held(), reading.workers(), reading.pace().speeds());
        TextReading text = reading.text();
        TextQueueInsight.Result texts = TextQueueInsight.compute(text.queue(), text.held(), text.scribes(),
                text.pace().tokensPerSecond());
        HordeQueueStatus status = new HordeQueueStatus(result.waitingImages() + result.heldImages(),
                result.workerCount(), result.threadCount(), result.queuedMegapixelsteps(),
                reading.pace().pastMinuteMegapixelsteps(), result.models(), takenAt, texts.queuedTextRequests(),
                texts.queuedTokens(), text.pace().pastMinuteTokens(), texts.models());
        return new Snapshot(result.estimates(), texts.estimates(), status, result.waitingImages(), reading.figures());
    }
}
