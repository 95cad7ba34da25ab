package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.events.ExtraSourceImage;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUrls;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.PresignedUrls;
import org.openhorde.gateway.client.StorageService;
import org.openhorde.gateway.domain.GenerationPayload;
import org.openhorde.gateway.domain.PopPayloads;
import org.openhorde.gateway.domain.SubmitInput;
import org.openhorde.gateway.domain.SubmitRules;
import org.openhorde.gateway.repository.ActiveJobs;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * An image worker's pop and submit: job-service owns the jobs, storage-service the images (the pop's URLs to them are
 * signed here).
 */
@ApplicationScoped
public class WorkerJobs {

    private static final Logger LOG = Logger.getLogger(WorkerJobs.class);

    private final UserAccounts users;
    private final JobService jobs;
    private final StorageService storage;
    private final RequestReadModel readModel;
    private final ActiveJobs activeJobs;
    private final PresignedUrls urls;
    private final MeterRegistry metrics;

    WorkerJobs(UserAccounts users, @RestClient JobService jobs, @RestClient StorageService storage,
               PresignedUrls urls, RequestReadModel readModel, ActiveJobs activeJobs, MeterRegistry metrics) {
        this.users = users;
        this.jobs = jobs;
        this.storage = storage;
        this.urls = urls;
        this.readModel = readModel;
        this.activeJobs = activeJobs;
        this.metrics = metrics;
    }

    public Uni<GenerationPayload> pop(PopRequest pop, String apikey) {
        return users.authenticate(apikey).flatMap(owner -> {
            UserAccounts.requireActiveWorkerOwner(owner);
            if (owner.anonymous()) {
                throw new HordeException(Rc.AnonForbiddenWorker,
                        "Anonymous user is forbidden from performing this operation");
            }
            return jobs.pop(new WorkerPop(owner.id(), owner.alias(), owner.trusted(), pop))
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME));
        }).flatMap(claimed -> {
            metrics.counter("horde.gateway.pops", "outcome", claimed.empty() ? "empty" : "job").increment();
            if (claimed.empty()) {
                return Uni.createFrom().item(PopPayloads.nothing(claimed.skipped(), claimed.messages()));
            }
            // Signed here, not asked of storage-service: a pop makes one internal hop (decision 0018).
            List<String> uploads = urls.uploads(claimed.jobIds()).urls();
            ImageRequestSpec spec = claimed.spec();
            if (!spec.hasSourceImage()) {
                return Uni.createFrom().item(PopPayloads.claimed(claimed, uploads, null));
            }
            // The worker fetches the sources itself, from presigned URLs (the AI Horde's r2_source capability);
            // storage-service keeps them as long as the request can be popped.
            List<String> extraKeys = spec.extraSources().stream().map(ExtraSourceImage::imageKey).toList();
            SourceUrls sources = urls.sources(new SourceKeys(spec.sourceImageKey(), spec.sourceMaskKey(), extraKeys));
            return Uni.createFrom().item(PopPayloads.claimed(claimed, uploads, sources));
        });
    }

    /**
     * Stores an inline (base64) image first, so that the job is only ever complete with its image in place. The
     * completion job-service committed is written to the read model before the worker hears 200, so that a {@code
     * check} or {@code status} right after shows it (the AI Horde's read-your-writes); the event on its way through
     * the outbox writes the same again, which the read model's forward-only moves make harmless.
     */
    public Uni<Long> submit(SubmitInput input, String apikey) {
        return users.authenticate(apikey).flatMap(owner -> {
            JobSubmission submission = SubmitRules.toSubmission(input, owner.id());
            Uni<Void> stored = SubmitRules.inlineGeneration(input, submission.state())
                    .map(image -> storage.storeInline(submission.jobId(), image)
                            .onFailure().transform(InternalErrors.unreachable(StorageService.NAME)))
                    .orElseGet(() -> Uni.createFrom().voidItem());
            return stored.chain(() -> jobs.submit(submission)
                            .onFailure().transform(InternalErrors.unreachable(JobService.NAME)))
                    .invoke(() -> metrics.counter("horde.gateway.submits", "state", submission.state()).increment())
                    .call(result -> showCompletion(result.completed()))
                    .map(SubmissionResult::reward);
        });
    }

    /**
     * The job is delivered whatever Redis says: a failure here only delays what check shows until the event arrives,
     * so it is logged, not answered to the worker (who would otherwise submit again).
     */
    Uni<Void> showCompletion(JobCompleted completed) {
        if (completed == null) {
            return Uni.createFrom().voidItem();
        }
        return readModel.completed(completed)
                .call(() -> completed.requester() == null ? Uni.createFrom().voidItem()
                        : activeJobs.release(completed.requester().userId(), List.of(completed.jobId())))
                .onFailure().invoke(e -> LOG.warnf("read model of request %s not updated at submit: %s",
                        completed.requestId(), e.toString()))
                .onFailure().recoverWithNull();
    }
}
