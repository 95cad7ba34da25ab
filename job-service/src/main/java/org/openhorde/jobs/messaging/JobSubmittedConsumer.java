package org.openhorde.jobs.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.jobs.service.IntakeService;

/**
 * Queues every accepted request. The offset is committed only after the intake transaction committed, so a crash
 * replays the event, and the inbox turns the replay into a no-op.
 */
@ApplicationScoped
public class JobSubmittedConsumer {

    private static final Logger LOG = Logger.getLogger(JobSubmittedConsumer.class);

    private final IntakeService intake;

    JobSubmittedConsumer(IntakeService intake) {
        this.intake = intake;
    }

    @Incoming("jobs-submitted")
    public Uni<Void> onJobSubmitted(JobSubmitted event) {
        // The gateway already answered 202 for this request: it must not be dropped. While the database is
        // unreachable we keep retrying (backing off), which holds this partition until the request is queued.
        return intake.accept(event, Topics.JOBS_SUBMITTED)
                .onFailure().invoke(e -> LOG.warnf("queueing request %s failed, will retry: %s", event.requestId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
