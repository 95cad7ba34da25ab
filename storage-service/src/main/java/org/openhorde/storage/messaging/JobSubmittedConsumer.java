package org.openhorde.storage.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.storage.service.RequestIntake;

/**
 * Records every accepted request's requester snapshot. The offset is committed only after the record committed; the
 * inbox turns a replay into a no-op.
 */
@ApplicationScoped
public class JobSubmittedConsumer {

    private static final Logger LOG = Logger.getLogger(JobSubmittedConsumer.class);

    private final RequestIntake intake;

    JobSubmittedConsumer(RequestIntake intake) {
        this.intake = intake;
    }

    @Incoming("jobs-submitted")
    public Uni<Void> onJobSubmitted(JobSubmitted event) {
        // While the database is unreachable the partition waits (backing off): a skipped request would lose its
        // requester snapshot, and its shared images their user type.
        return intake.record(event, Topics.JOBS_SUBMITTED)
                .onFailure().invoke(e -> LOG.warnf("recording request %s failed, will retry: %s", event.requestId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
