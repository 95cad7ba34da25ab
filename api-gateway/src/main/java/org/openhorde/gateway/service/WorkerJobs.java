package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.contracts.internal.ObjectUrlsRequest;
import org.openhorde.contracts.events.ExtraSourceImage;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUrls;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.StorageService;
import org.openhorde.gateway.domain.GenerationPayload;
import org.openhorde.gateway.domain.PopPayloads;
import org.openhorde.gateway.domain.SubmitInput;
import org.openhorde.gateway.domain.SubmitRules;

/** An image worker's pop and submit: job-service owns the jobs, storage-service the images. */
@ApplicationScoped
public class WorkerJobs {

    private final UserAccounts users;
    private final JobService jobs;
    private final StorageService storage;
    private final MeterRegistry metrics;

    WorkerJobs(UserAccounts users, @RestClient JobService jobs, @RestClient StorageService storage,
               MeterRegistry metrics) {
        this.users = users;
        this.jobs = jobs;
        this.storage = storage;
        this.metrics = metrics;
    }

    public Uni<GenerationPayload> pop(PopRequest pop, String apikey) {
        return users.authenticate(apikey).flatMap(owner -> {
            if (owner.anonymous()) {
                throw new HordeException(Rc.AnonForbiddenWorker,
                        "Anonymous user is forbidden from performing this operation");
            }
            return jobs.pop(new WorkerPop(owner.id(), owner.alias(), owner.trusted(), pop))
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME));
        }).flatMap(claimed -> {
            metrics.counter("horde.gateway.pops", "outcome", claimed.empty() ? "empty" : "job").increment();
            if (claimed.empty()) {
                return Uni.createFrom().item(PopPayloads.nothing(claimed.skipped()));
            }
            Uni<ObjectUrls> uploads = storage.uploadUrls(new ObjectUrlsRequest(claimed.jobIds()))
                    .onFailure().transform(InternalErrors.unreachable(StorageService.NAME));
            ImageRequestSpec spec = claimed.spec();
            if (!spec.hasSourceImage()) {
                return uploads.map(urls -> PopPayloads.claimed(claimed, urls.urls(), null));
            }
            // The worker fetches the sources itself, from presigned URLs (the AI Horde's r2_source capability).
            List<String> extraKeys = spec.extraSources().stream().map(ExtraSourceImage::imageKey).toList();
            Uni<SourceUrls> sources = storage.sourceUrls(new SourceKeys(spec.sourceImageKey(), spec.sourceMaskKey(),
                            extraKeys))
                    .onFailure().transform(InternalErrors.unreachable(StorageService.NAME));
            return Uni.combine().all().unis(uploads, sources).asTuple()
                    .map(urls -> PopPayloads.claimed(claimed, urls.getItem1().urls(), urls.getItem2()));
        });
    }

    /** Stores an inline (base64) image first, so that the job is only ever complete with its image in place. */
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
                    .map(SubmissionResult::reward);
        });
    }
}
