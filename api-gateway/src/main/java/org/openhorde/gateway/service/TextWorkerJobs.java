package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.domain.TextPopPayloads;
import org.openhorde.gateway.domain.TextPopPayloads.TextGenerationPayload;

/**
 * A text worker's pop and submit: job-service owns the jobs of both kinds on one queue; a text has no bytes to
 * store, so nothing here talks to storage-service. The completion is shown before the worker hears 200, as for
 * images ({@link WorkerJobs#showCompletion}).
 */
@ApplicationScoped
public class TextWorkerJobs {

    private final UserAccounts users;
    private final JobService jobs;
    private final WorkerJobs imageJobs;
    private final MeterRegistry metrics;

    TextWorkerJobs(UserAccounts users, @RestClient JobService jobs, WorkerJobs imageJobs, MeterRegistry metrics) {
        this.users = users;
        this.jobs = jobs;
        this.imageJobs = imageJobs;
        this.metrics = metrics;
    }

    public Uni<TextGenerationPayload> pop(PopRequest pop, String apikey) {
        return users.authenticate(apikey).flatMap(owner -> {
            UserAccounts.requireActiveWorkerOwner(owner);
            if (owner.anonymous()) {
                throw new HordeException(Rc.AnonForbiddenWorker,
                        "Anonymous user is forbidden from performing this operation");
            }
            return jobs.pop(new WorkerPop(owner.id(), owner.alias(), owner.trusted(), pop))
                    .onFailure().transform(InternalErrors.unreachable(JobService.NAME));
        }).map(claimed -> {
            metrics.counter("horde.gateway.text.pops", "outcome", claimed.empty() ? "empty" : "job").increment();
            return claimed.empty() ? TextPopPayloads.nothing(claimed.skipped(), claimed.messages()) : TextPopPayloads.claimed(claimed);
        });
    }

    /** The reward in centikudos. */
    public Uni<Long> submit(JobSubmission submission) {
        return jobs.submit(submission)
                .onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .invoke(() -> metrics.counter("horde.gateway.text.submits", "state", submission.state()).increment())
                .call(result -> imageJobs.showCompletion(result.completed()))
                .map(SubmissionResult::reward);
    }

    public Uni<Long> ownerId(String apikey) {
        return users.authenticate(apikey).map(owner -> owner.id());
    }
}
