package org.openhorde.jobs.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.economy.TextPricing;
import org.openhorde.contracts.events.GenerationMetadata;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.jobs.domain.FakeJob;
import org.openhorde.jobs.domain.Job;
import org.openhorde.jobs.domain.JobState;
import org.openhorde.jobs.domain.SubmitState;
import org.openhorde.jobs.domain.WaitingRequest;
import org.openhorde.jobs.repository.FakeJobRepository;
import org.openhorde.jobs.repository.JobRepository;
import org.openhorde.jobs.repository.WaitingRequestRepository;
import org.openhorde.jobs.repository.WorkerRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;

/**
 * A worker delivers (or gives up on) a job. The job row is locked first, so of two concurrent submits exactly one
 * delivers and the other is a duplicate; the delivery, the worker's tally and the {@link JobCompleted} event commit
 * together.
 */
@ApplicationScoped
public class SubmitService {

    private static final int MAX_SEED_LENGTH = 100;
    /**
     * The longest text a scribe may deliver: 4096 tokens (the AI Horde's largest max_length) of generous 16
     * characters each. A bound, so a hostile submit cannot fill the database or the event.
     */
    static final int MAX_TEXT_LENGTH = 4096 * 16;
    /** The AI Horde's most gen_metadata entries per submit. */
    static final int MAX_GEN_METADATA = 50;

    private final Pool pool;
    private final JobRepository jobs;
    private final FakeJobRepository fakeJobs;
    private final WaitingRequestRepository requests;
    private final WorkerRepository workers;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final JobLifecycle lifecycle;
    private final GenerationWebhooks webhooks;
    private final MeterRegistry metrics;

    SubmitService(Pool pool, JobRepository jobs, FakeJobRepository fakeJobs, WaitingRequestRepository requests,
                  WorkerRepository workers, OutboxRepository outbox, OutboxRelay relay, JobLifecycle lifecycle,
                  GenerationWebhooks webhooks, MeterRegistry metrics) {
        this.webhooks = webhooks;
        this.pool = pool;
        this.jobs = jobs;
        this.fakeJobs = fakeJobs;
        this.requests = requests;
        this.workers = workers;
        this.outbox = outbox;
        this.relay = relay;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
    }

    public Uni<SubmissionResult> submit(JobSubmission submission) {
        SubmitState state = validate(submission);
        // Built in the transaction, posted after it committed (never for a delivery that rolled back).
        AtomicReference<GenerationWebhooks.Delivery> webhook = new AtomicReference<>();
        return pool.withTransaction(conn -> jobs.lockForSubmit(conn, submission.jobId())
                        .flatMap(found -> {
                            if (found.isEmpty()) {
                                return discardDecoy(conn, submission, state);
                            }
                            Job job = found.get();
                            job.checkSubmittableBy(submission.ownerUserId());
                            return state.outcome(submission.censored())
                                    .map(outcome -> complete(conn, job, outcome, submission.seed(),
                                            submission.text(), submission.genMetadata(), webhook))
                                    // A faulted job goes back to the queue for another worker; nothing is settled.
                                    .orElseGet(() -> lifecycle.giveBack(conn, job, "faulted")
                                            .replaceWith(SubmissionResult.nothingCompleted(0)));
                        }))
                .invoke(result -> {
                    String outcome = state.outcome(submission.censored()).map(JobOutcome::name).orElse("FAULTED");
                    metrics.counter("horde_jobs_submits_total", "outcome", outcome.toLowerCase(Locale.ROOT))
                            .increment();
                    relay.nudge();
                    webhooks.send(webhook.get());
                });
    }

    /**
     * A paused worker's submission of a decoy ({@link FakeJob}): answered as a real one would be, with the reward an
     * image of the request would earn, but nothing is credited, stored for or announced to anybody.
     */
    private Uni<SubmissionResult> discardDecoy(SqlClient conn, JobSubmission submission, SubmitState state) {
        return fakeJobs.lockForSubmit(conn, submission.jobId()).flatMap(found -> {
            FakeJob decoy = found.orElseThrow(() -> new HordeException(Rc.InvalidJobID,
                    "Processing Job with ID " + submission.jobId() + " does not exist."));
            decoy.checkSubmittableBy(submission.ownerUserId());
            boolean delivered = state.outcome(submission.censored()).filter(JobOutcome.DELIVERED::equals).isPresent();
            return fakeJobs.markSubmitted(conn, decoy.id())
                    .chain(() -> delivered ? requests.get(conn, decoy.requestId()).map(r -> r.pricePerImage())
                            : Uni.createFrom().item(0L))
                    .map(SubmissionResult::nothingCompleted);
        });
    }

    /**
     * Delivers the job and returns the worker's reward (the price for an image, nothing for a censored one) with the
     * event announcing it.
     */
    private Uni<SubmissionResult> complete(SqlClient conn, Job job, JobOutcome outcome, String submittedSeed,
                                           String text, List<GenerationMetadata> genMetadata,
                                           AtomicReference<GenerationWebhooks.Delivery> webhook) {
        String seed = submittedSeed != null ? submittedSeed : job.seed();
        return requests.get(conn, job.requestId()).flatMap(request -> {
            if (request.text()) {
                return completeText(conn, job, request, outcome, seed, text,
                        genMetadata == null ? List.of() : List.copyOf(genMetadata), webhook);
            }
            long reward = outcome == JobOutcome.DELIVERED ? request.pricePerImage() : 0;
            JobCompleted completed = JobCompleted.of(request.id(), job.id(), outcome, request.requester(),
                    job.worker(), job.model(), seed, reward, request.taxPerImage(), request.shared(), request.spec(),
                    ObjectKeys.generation(job.id()));
            return jobs.deliverAndCredit(conn, job.id(), JobState.of(outcome), seed, job.worker().id(), reward)
                    .call(() -> outbox.append(conn, Topics.JOBS_COMPLETED, completed))
                    .invoke(() -> webhook.set(webhooks.image(request, job, outcome, seed, reward)))
                    .replaceWith(new SubmissionResult(reward, completed));
        });
    }

    /**
     * Delivers a text job: the reward is the AI Horde's text price of the text delivered (its tokens, the model's
     * size, the prompt's context, the worker's backend and its owner's trust; {@link TextPricing#reward}), nothing for
     * a censored one; the requester pays it plus the tax. The text and the worker's {@code gen_metadata} travel in the
     * event and stay with the job.
     */
    private Uni<SubmissionResult> completeText(SqlClient conn, Job job, WaitingRequest request, JobOutcome outcome,
                                               String seed, String text, List<GenerationMetadata> genMetadata,
                                               AtomicReference<GenerationWebhooks.Delivery> webhook) {
        return workers.pricingFacts(conn, job.worker().id()).flatMap(facts -> {
            String delivered = text == null ? "" : text;
            long reward = outcome != JobOutcome.DELIVERED ? 0
                    : TextPricing.reward(job.model(), request.textSpec().prompt(), delivered,
                    request.textSpec().params().maxLength(), facts.ownerTrusted(), facts.bridgeAgent());
            JobCompleted completed = JobCompleted.ofText(request.id(), job.id(), outcome, request.requester(),
                    job.worker(), job.model(), seed, reward, request.taxPerImage(), delivered, genMetadata);
            return jobs.deliverText(conn, job.id(), JobState.of(outcome), seed, delivered, genMetadata)
                    .call(() -> workers.credit(conn, job.worker().id(), reward))
                    .call(() -> outbox.append(conn, Topics.JOBS_COMPLETED, completed))
                    .invoke(() -> webhook.set(webhooks.text(request, job, outcome, seed, delivered, reward)))
                    .replaceWith(new SubmissionResult(reward, completed));
        });
    }

    private static SubmitState validate(JobSubmission submission) {
        if (submission == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        if (submission.jobId() == null) {
            throw invalid("id", "'id' is a required property");
        }
        if (submission.seed() != null && submission.seed().length() > MAX_SEED_LENGTH) {
            throw invalid("seed", "is longer than " + MAX_SEED_LENGTH + " characters");
        }
        if (submission.text() != null && submission.text().length() > MAX_TEXT_LENGTH) {
            throw invalid("generation", "is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (submission.genMetadata() != null && submission.genMetadata().size() > MAX_GEN_METADATA) {
            throw new HordeException(Rc.BadRequest, "Too many metadata fields. Max is " + MAX_GEN_METADATA + ".");
        }
        return SubmitState.parse(submission.state())
                .orElseThrow(() -> invalid("state", "'" + submission.state() + "' is not one of ok, censored, faulted, csam"));
    }

    private static HordeException invalid(String field, String message) {
        return new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(Map.of(field, message)));
    }
}
