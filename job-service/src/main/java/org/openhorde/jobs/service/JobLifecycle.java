package org.openhorde.jobs.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.JobRequeued;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.Job;
import org.openhorde.jobs.domain.JobState;
import org.openhorde.jobs.repository.JobRepository;
import org.openhorde.jobs.repository.WaitingRequestRepository;
import org.openhorde.jobs.repository.WorkerRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;

/**
 * Everything that happens to jobs besides pop and delivery: a job given back (its worker faulted or let its time to
 * live run out) returns to the queue; a request whose jobs were given back too often faults; a request without
 * activity for its time to live expires; a requester cancels. Ended jobs are announced as {@link JobCompleted} with
 * an outcome that moves no kudos, given-back ones as {@link JobRequeued}.
 *
 * <p>Locks are always taken request first, then its jobs (pop and submit only ever lock jobs), so these paths cannot
 * deadlock with each other or with the hot path.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    private final Pool pool;
    private final JobRepository jobs;
    private final WaitingRequestRepository requests;
    private final WorkerRepository workers;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final JobsConfig config;
    private final MeterRegistry metrics;

    JobLifecycle(Pool pool, JobRepository jobs, WaitingRequestRepository requests, WorkerRepository workers,
                 OutboxRepository outbox, OutboxRelay relay, JobsConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.jobs = jobs;
        this.requests = requests;
        this.workers = workers;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Gives a held job back, in the caller's transaction (which holds the job's lock): to the queue while its request
     * is active ({@link JobRequeued}), else it ends with its request (a {@link JobCompleted} without an image, as the
     * request's other open jobs did), so that a cancelled request's unfinished claim cannot come back as waiting.
     */
    public Uni<Void> giveBack(SqlClient conn, Job job, String reason) {
        return jobs.giveBack(conn, job.id()).flatMap(givenBack -> givenBack
                        .map(back -> workers.countAbort(conn, job.worker().id())
                                .call(() -> back.state() == JobState.WAITING
                                        ? outbox.append(conn, Topics.JOBS_REQUEUED,
                                                JobRequeued.of(job.requestId(), job.id(), job.worker(), reason,
                                                        back.aborts()))
                                        : announceEnded(conn, job, back.state())))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .invoke(() -> metrics.counter("horde_jobs_given_back_total", "reason", reason).increment());
    }

    private Uni<Void> announceEnded(SqlClient conn, Job job, JobState end) {
        return requests.get(conn, job.requestId()).flatMap(request -> outbox.append(conn, Topics.JOBS_COMPLETED,
                JobCompleted.of(job.requestId(), job.id(), JobOutcome.valueOf(end.name()), request.requester(),
                        job.worker(), job.model(), null, 0, 0, request.shared(), request.spec(), null)));
    }

    /** One reaper pass: overdue claims back to the queue, then requests that fault, then requests that expire. */
    public Uni<Void> reap() {
        return giveBackOverdueClaims()
                .chain(this::faultRequestsGivenBackTooOften)
                .chain(this::expireIdleRequests)
                .invoke(relay::nudge);
    }

    /** Cancels a request: its waiting jobs end (uncharged); jobs a worker already holds finish and are settled. */
    public Uni<Void> cancel(UUID requestId) {
        return pool.withTransaction(conn -> requests.lockState(conn, requestId).flatMap(state -> {
                    if (state.isEmpty()) {
                        return Uni.createFrom().failure(new HordeException(Rc.RequestNotFound,
                                "Image Waiting Prompt with ID '" + requestId + "' not found."));
                    }
                    if (!"ACTIVE".equals(state.get())) {
                        return Uni.createFrom().voidItem();
                    }
                    return end(conn, requestId, JobState.CANCELLED, false);
                }))
                .invoke(relay::nudge);
    }

    private Uni<Void> giveBackOverdueClaims() {
        return pool.withTransaction(conn -> jobs.lockOverdueClaims(conn, config.reaperBatchSize())
                .flatMap(overdue -> Multi.createFrom().iterable(overdue)
                        .onItem().transformToUniAndConcatenate(job -> giveBack(conn, job, "timeout"))
                        .collect().last()
                        .invoke(() -> logIfAny(overdue.size(), "gave back %d overdue claims"))
                        .replaceWithVoid()));
    }

    private Uni<Void> faultRequestsGivenBackTooOften() {
        return pool.withTransaction(conn -> requests.lockOverAborted(conn, config.maxAbortsPerRequest(),
                        config.reaperBatchSize())
                .flatMap(ids -> endAll(conn, ids, JobState.FAULTED, "faulted %d requests")));
    }

    private Uni<Void> expireIdleRequests() {
        return pool.withTransaction(conn -> requests.lockExpired(conn, config.requestTtl(),
                        config.textRequestTtl(), config.reaperBatchSize())
                .flatMap(ids -> endAll(conn, ids, JobState.EXPIRED, "expired %d requests")));
    }

    private Uni<Void> endAll(SqlClient conn, List<UUID> requestIds, JobState end, String logFormat) {
        return Multi.createFrom().iterable(requestIds)
                .onItem().transformToUniAndConcatenate(id -> end(conn, id, end, true))
                .collect().last()
                .invoke(() -> logIfAny(requestIds.size(), logFormat))
                .replaceWithVoid();
    }

    /** Ends an active request and its open jobs, announcing each ended job. */
    private Uni<Void> end(SqlClient conn, UUID requestId, JobState end, boolean includeHeld) {
        JobOutcome outcome = JobOutcome.valueOf(end.name());
        return requests.end(conn, requestId, end.name())
                .chain(() -> jobs.endOpenJobs(conn, requestId, end, includeHeld))
                .flatMap(ended -> ended.isEmpty() ? Uni.createFrom().voidItem()
                        : requests.get(conn, requestId).flatMap(request -> Multi.createFrom().iterable(ended)
                        .onItem().transformToUniAndConcatenate(job -> outbox.append(conn, Topics.JOBS_COMPLETED,
                                JobCompleted.of(requestId, job.id(), outcome, request.requester(), job.worker(),
                                        job.model(), null, 0, 0, request.shared(), request.spec(), null)))
                        .collect().last()
                        .replaceWithVoid()))
                .invoke(() -> metrics.counter("horde_jobs_requests_ended_total", "state",
                        end.name().toLowerCase(Locale.ROOT)).increment());
    }

    private static void logIfAny(int count, String format) {
        if (count > 0) {
            LOG.infof(format, count);
        }
    }
}
