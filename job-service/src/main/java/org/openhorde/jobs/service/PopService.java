package org.openhorde.jobs.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.JobClaimed;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.BatchSize;
import org.openhorde.jobs.domain.JobTtl;
import org.openhorde.jobs.domain.ModelChoice;
import org.openhorde.jobs.domain.PopRules;
import org.openhorde.jobs.domain.Seeds;
import org.openhorde.jobs.domain.WaitingRequest;
import org.openhorde.jobs.domain.Worker;
import org.openhorde.jobs.domain.WorkerChangeRules;
import org.openhorde.jobs.repository.FakeJobRepository;
import org.openhorde.jobs.repository.JobRepository;
import org.openhorde.jobs.repository.WaitingRequestRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;

/**
 * A worker's pop: check the worker in (see {@link WorkerRegistry}), claim a batch of one request's images for it, and record the claim as a
 * {@link JobClaimed} event, all in one transaction.
 */
@ApplicationScoped
public class PopService {

    private final Pool pool;
    private final WorkerRegistry registry;
    private final WaitingRequestRepository requests;
    private final JobRepository jobs;
    private final FakeJobRepository fakeJobs;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final JobsConfig config;
    private final JobTtl jobTtl;
    private final MeterRegistry metrics;
    private final WorkerMessages messages;

    PopService(Pool pool, WorkerRegistry registry, WaitingRequestRepository requests, JobRepository jobs,
               FakeJobRepository fakeJobs, OutboxRepository outbox, OutboxRelay relay, JobsConfig config,
               MeterRegistry metrics, WorkerMessages messages) {
        this.messages = messages;
        this.pool = pool;
        this.registry = registry;
        this.requests = requests;
        this.jobs = jobs;
        this.fakeJobs = fakeJobs;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.jobTtl = new JobTtl(config.jobTtlBaseSeconds(), config.jobTtlMinimumSeconds());
        this.metrics = metrics;
    }

    public Uni<PopResult> pop(WorkerPop workerPop) {
        PopRules.check(workerPop, config.maxPopAmount());
        String kind = workerPop.pop().text() ? Worker.TEXT : Worker.IMAGE;
        return pool.withTransaction(conn -> registry.checkIn(conn, workerPop, kind)
                        .flatMap(worker -> claim(conn, worker, workerPop.pop().amount())))
                .invoke(popped -> {
                    PopResult result = popped.result();
                    metrics.counter("horde_jobs_pops_total", "result", result.empty() ? "empty" : "work").increment();
                    if (!result.empty()) {
                        relay.nudge();
                    }
                })
                .map(popped -> {
                    // After the commit, so that the check-in of a worker in maintenance is kept (it shows online).
                    if (popped.result().empty() && popped.worker().maintenance()) {
                        throw new HordeException(Rc.WorkerMaintenance, popped.worker().maintenanceMsg() == null
                                ? WorkerChangeRules.DEFAULT_MAINTENANCE_MESSAGE : popped.worker().maintenanceMsg());
                    }
                    return popped;
                })
                .flatMap(popped -> messages.activeFor(popped.worker().id())
                        // The claim is committed: a worker must get its jobs even when its messages cannot be read.
                        .onFailure().recoverWithItem(List.of())
                        .map(popped.result()::withMessages));
    }

    private record Popped(Worker worker, PopResult result) {
    }

    private Uni<Popped> claim(SqlClient conn, Worker worker, int amount) {
        return jobs.lockNextRequest(conn, worker).flatMap(next -> next
                .map(requestId -> claimBatch(conn, worker, requestId, amount))
                .orElseGet(() -> worker.getsDecoys() ? decoy(conn, worker) : nothing(conn, worker)))
                .map(result -> new Popped(worker, result));
    }

    private Uni<PopResult> nothing(SqlClient conn, Worker worker) {
        return jobs.skipped(conn, worker).map(skipped ->
                new PopResult(worker.id(), null, List.of(), null, 0, null, null, skipped));
    }

    /**
     * A paused worker with none of its owner's requests to do gets a decoy of the request it would have got unpaused
     * (the AI Horde's fake generation): one image, the request's real payload, an id that is no job's. Nothing of the
     * request is claimed, so its images stay waiting for other workers; no {@link JobClaimed} is announced. A paused
     * scribe gets a decoy of a text request the same way (decision 0031).
     */
    private Uni<PopResult> decoy(SqlClient conn, Worker worker) {
        Worker unpaused = worker.unpaused();
        return jobs.lockNextRequest(conn, unpaused).flatMap(next -> next
                .map(requestId -> requests.get(conn, requestId).flatMap(request -> {
                    if (request.text()) {
                        return textDecoy(conn, worker, request);
                    }
                    String model = ModelChoice.pick(request.spec().models(), worker.models());
                    return fakeJobs.create(conn, worker.id(), requestId, model).map(created -> created
                            .map(fakeId -> {
                                ImageParams params = request.spec().params();
                                String seed = Long.toString(Seeds.resolve(params.seed(),
                                        ThreadLocalRandom.current()));
                                metrics.counter("horde_jobs_decoys_total").increment();
                                return result(worker, request, List.of(fakeId), model, jobTtl.seconds(params), seed);
                            })
                            .orElseGet(() -> new PopResult(worker.id(), null, List.of(), null, 0, null, null,
                                    Map.of())));
                }))
                .orElseGet(() -> nothing(conn, worker)));
    }

    /** One generation of the text request, under an id that is no job's, held for the text job time to live. */
    private Uni<PopResult> textDecoy(SqlClient conn, Worker worker, WaitingRequest request) {
        String model = ModelChoice.pick(request.textSpec().models(), worker.models());
        return fakeJobs.create(conn, worker.id(), request.id(), model).map(created -> created
                .map(fakeId -> {
                    metrics.counter("horde_jobs_decoys_total").increment();
                    String seed = Long.toString(ThreadLocalRandom.current().nextLong(0, Integer.MAX_VALUE));
                    return new PopResult(worker.id(), request.id(), List.of(fakeId), model,
                            config.textJobTtlSeconds(), seed, null, Map.of(), request.textSpec());
                })
                .orElseGet(() -> new PopResult(worker.id(), null, List.of(), null, 0, null, null, Map.of())));
    }

    /**
     * Claims up to {@code amount} images of one request, fewer when they are big (the AI Horde's safe amount): a batch
     * never mixes requests.
     */
    private Uni<PopResult> claimBatch(SqlClient conn, Worker worker, UUID requestId, int amount) {
        if (worker.text()) {
            return claimText(conn, worker, requestId, amount);
        }
        return requests.get(conn, requestId).flatMap(request -> {
            ImageParams params = request.spec().params();
            String model = ModelChoice.pick(request.spec().models(), worker.models());
            int ttl = jobTtl.seconds(params, worker.extraSlowWorker());
            String seed = Long.toString(Seeds.resolve(params.seed(), ThreadLocalRandom.current()));
            int batch = BatchSize.safeAmount(worker.maxPixels(), amount, params, request.spec().disableBatching());
            return jobs.claimWaiting(conn, requestId, batch, worker.id(), model, seed, ttl)
                    .flatMap(jobIds -> outbox.append(conn, Topics.JOBS_CLAIMED,
                                    JobClaimed.of(requestId, jobIds, worker.ref(), model, ttl))
                            .replaceWith(result(worker, request, jobIds, model, ttl, seed)));
        });
    }

    /**
     * A scribe's claim: up to {@code amount} generations of one text request, held for the AI Horde's flat text job
     * time to live ({@link JobsConfig#textJobTtlSeconds()}), announced like an image claim.
     */
    private Uni<PopResult> claimText(SqlClient conn, Worker worker, UUID requestId, int amount) {
        return requests.get(conn, requestId).flatMap(request -> {
            String model = ModelChoice.pick(request.textSpec().models(), worker.models());
            int ttl = config.textJobTtlSeconds();
            String seed = Long.toString(ThreadLocalRandom.current().nextLong(0, Integer.MAX_VALUE));
            return jobs.claimWaiting(conn, requestId, amount, worker.id(), model, seed, ttl)
                    .flatMap(jobIds -> outbox.append(conn, Topics.JOBS_CLAIMED,
                                    JobClaimed.of(requestId, jobIds, worker.ref(), model, ttl))
                            .replaceWith(new PopResult(worker.id(), request.id(), List.copyOf(jobIds), model, ttl,
                                    seed, null, Map.of(), request.textSpec())));
        });
    }

    private static PopResult result(Worker worker, WaitingRequest request, List<UUID> jobIds, String model, int ttl,
                                    String seed) {
        return new PopResult(worker.id(), request.id(), List.copyOf(jobIds), model, ttl, seed, request.spec(),
                Map.of());
    }
}
