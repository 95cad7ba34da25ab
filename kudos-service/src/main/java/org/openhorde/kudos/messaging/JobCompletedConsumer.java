package org.openhorde.kudos.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.kudos.service.SettlementService;

/**
 * Settles every completed job. The offset is committed only after the settlement transaction committed, so a crash
 * replays the event, and the inbox turns the replay into a no-op.
 */
@ApplicationScoped
public class JobCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(JobCompletedConsumer.class);

    private final SettlementService settlement;

    JobCompletedConsumer(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Incoming("jobs-completed")
    public Uni<Void> onJobCompleted(JobCompleted event) {
        // Money must not be skipped: while the database is unreachable we keep retrying (backing off) instead of
        // moving on, which holds this partition until the settlement can be written.
        return settlement.settle(event, Topics.JOBS_COMPLETED)
                .onFailure().invoke(e -> LOG.warnf("settling job %s failed, will retry: %s", event.jobId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
