package org.openhorde.gateway.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.JobClaimed;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobRequeued;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.gateway.repository.ActiveJobs;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Keeps the request read model in step with the job lifecycle. {@code submitted} re-creates a request the gateway
 * accepted but did not get to write (a crash between job-service's intake and Redis), and writes the requests other
 * gateway replicas accepted; {@code completed} repeats what the submitting replica already wrote (decision 0015).
 * Offsets are committed only after Redis was written; the read model's forward-only moves make every redelivery
 * harmless.
 */
@ApplicationScoped
public class JobLifecycleConsumer {

    private static final Logger LOG = Logger.getLogger(JobLifecycleConsumer.class);

    private final RequestReadModel readModel;
    private final ActiveJobs activeJobs;

    JobLifecycleConsumer(RequestReadModel readModel, ActiveJobs activeJobs) {
        this.readModel = readModel;
        this.activeJobs = activeJobs;
    }

    @Incoming("jobs-submitted-in")
    public Uni<Void> onSubmitted(JobSubmitted event) {
        return retried(event.requestId(), () -> readModel.submitted(event));
    }

    @Incoming("jobs-claimed")
    public Uni<Void> onClaimed(JobClaimed event) {
        return retried(event.requestId(), () -> readModel.claimed(event));
    }

    @Incoming("jobs-requeued")
    public Uni<Void> onRequeued(JobRequeued event) {
        return retried(event.requestId(), () -> readModel.requeued(event));
    }

    /** A finished job also frees its requester's concurrency slot. */
    @Incoming("jobs-completed")
    public Uni<Void> onCompleted(JobCompleted event) {
        return retried(event.requestId(), () -> readModel.completed(event)
                .call(() -> event.requester() == null ? Uni.createFrom().voidItem()
                        : activeJobs.release(event.requester().userId(), List.of(event.jobId()))));
    }

    /** While Redis is unreachable the partition waits (backing off) rather than skip a status change. */
    private static Uni<Void> retried(UUID requestId, Supplier<Uni<? extends Void>> write) {
        return Uni.createFrom().<Void>deferred(write)
                .onFailure().invoke(e -> LOG.warnf("read model of request %s not written, will retry: %s", requestId,
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
